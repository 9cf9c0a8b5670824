// "Invite members": the chat's members and the person's contacts who are not in the call, a search box, checkboxes, and
// after "Invite" who got the invitation and who did not, and why (one result per person).
import { createMemo, For, onMount, Show, type JSX } from 'solid-js';
import { ErrorText } from '../ErrorText';
import { filterCandidates, type InviteStore } from '../../stores/inviteStore';
import styles from './InviteDialog.module.css';

/** More than this many matches: the rest are found by searching (a supergroup may have thousands of members). */
const MAX_SHOWN = 300;

export function InviteDialog(props: { store: InviteStore; onClose(): void }): JSX.Element {
  let dialog: HTMLDialogElement | undefined;
  const state = props.store.state;
  onMount(() => {
    dialog?.showModal();
    void props.store.load();
  });
  const matches = createMemo(() => filterCandidates(state.candidates, state.query));
  const invitedCount = () => state.results.filter((r) => r.invited).length;
  return (
    <dialog ref={dialog} class={styles.dialog} aria-labelledby="invite-title" onCancel={() => props.onClose()}>
      <h2 id="invite-title" class={styles.heading}>
        Invite members
      </h2>
      <input
        type="search"
        class={styles.search}
        placeholder="Search members and contacts"
        aria-label="Search members and contacts"
        value={state.query}
        onInput={(e) => props.store.setQuery(e.currentTarget.value)}
      />
      <Show when={!state.loading} fallback={<p class="hint" role="status">Loading members…</p>}>
        <ErrorText message={state.loadError} />
        <Show when={!state.loadError}>
          <fieldset class={styles.people} aria-label="People to invite">
            <Show when={matches().length > 0} fallback={<p class="hint">{state.query ? 'No one matches.' : 'Everyone is already in the call.'}</p>}>
              <For each={matches().slice(0, MAX_SHOWN)}>
                {(candidate) => (
                  <label class={styles.candidate}>
                    <input
                      type="checkbox"
                      checked={state.selected.includes(candidate.id)}
                      onChange={(e) => props.store.toggle(candidate.id, e.currentTarget.checked)}
                    />
                    <span class={styles.name}>{candidate.name}</span>
                    <Show when={!candidate.member}>
                      <span class={styles.note}>contact, not in this group</span>
                    </Show>
                  </label>
                )}
              </For>
              <Show when={matches().length > MAX_SHOWN}>
                <p class="hint">
                  Showing {MAX_SHOWN} of {matches().length}: type a name to find others.
                </p>
              </Show>
            </Show>
          </fieldset>
        </Show>
      </Show>
      <Show when={state.results.length > 0}>
        <section class={styles.results} aria-label="Invitation results">
          <p class={styles.summary} role="status">
            {invitedCount() === state.results.length
              ? `Invited ${invitedCount()} ${invitedCount() === 1 ? 'person' : 'people'}.`
              : `Invited ${invitedCount()} of ${state.results.length}.`}
          </p>
          <ul class={styles.resultList}>
            <For each={state.results}>
              {(result) => (
                <li class={styles.result} data-ok={result.invited ? 'true' : 'false'}>
                  <strong>{result.name}</strong>: {result.invited ? 'invited' : `not invited. ${result.reason}`}
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>
      <div class={styles.buttons}>
        <button type="button" class="button button-secondary" onClick={() => props.onClose()}>
          Close
        </button>
        <button
          type="button"
          class="button button-primary"
          disabled={state.sending || state.selected.length === 0}
          onClick={() => void props.store.invite()}
        >
          {state.sending ? 'Inviting…' : state.selected.length > 0 ? `Invite (${state.selected.length})` : 'Invite'}
        </button>
      </div>
    </dialog>
  );
}
