// "Invite members": the chat's members and the person's contacts who are not in the call, a search box (in a supergroup
// bigger than its first page the server searches all members as one types), checkboxes, and after "Invite" who got the
// invitation and who did not, and why (one result per person). Whatever is not listed is said, never silently dropped.
import { createMemo, For, onCleanup, onMount, Show, untrack, type JSX } from 'solid-js';
import { ErrorText } from '../ErrorText';
import { inviteListNote, type InviteStore } from '../../stores/inviteStore';
import styles from './InviteDialog.module.css';

/** More than this many matches: the rest are found by typing more of a name. */
const MAX_SHOWN = 300;

export function InviteDialog(props: { store: InviteStore; onClose(): void }): JSX.Element {
  let dialog: HTMLDialogElement | undefined;
  // The store, read once: by cleanup time the parent's <Show> that passes it has closed, and reading it again throws.
  const store = untrack(() => props.store);
  const state = store.state;
  onMount(() => {
    dialog?.showModal();
    void store.load();
  });
  onCleanup(() => store.dispose());
  const matches = createMemo(() => store.visible());
  const note = () => inviteListNote(state, Math.min(matches().length, MAX_SHOWN), matches().length);
  const searching = () => state.search?.status === 'searching';
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
        onInput={(e) => store.setQuery(e.currentTarget.value)}
      />
      <Show
        when={!state.loading}
        fallback={
          <p class="hint" role="status">
            Loading members…
          </p>
        }
      >
        <ErrorText message={state.loadError} />
        <Show when={!state.loadError}>
          <fieldset class={styles.people} aria-label="People to invite">
            <Show
              when={matches().length > 0}
              fallback={
                <p class="hint">
                  {searching()
                    ? 'Searching…'
                    : state.query.trim()
                      ? 'No one matches.'
                      : 'Everyone is already in the call.'}
                </p>
              }
            >
              <For each={matches().slice(0, MAX_SHOWN)}>
                {(candidate) => (
                  <label class={styles.candidate} data-invited={store.isInvited(candidate.id) ? 'true' : undefined}>
                    <input
                      type="checkbox"
                      checked={store.isInvited(candidate.id) || state.selected.includes(candidate.id)}
                      disabled={store.isInvited(candidate.id)}
                      onChange={(e) => store.toggle(candidate.id, e.currentTarget.checked)}
                    />
                    <span class={styles.name}>{candidate.name}</span>
                    <Show when={store.isInvited(candidate.id)}>
                      <span class={styles.note}>already invited</span>
                    </Show>
                    <Show when={!candidate.member && !store.isInvited(candidate.id)}>
                      <span class={styles.note}>contact, not in this group</span>
                    </Show>
                  </label>
                )}
              </For>
            </Show>
          </fieldset>
          <Show when={note()}>
            {(text) => (
              <p class="hint" role="status" aria-live="polite">
                {text()}
              </p>
            )}
          </Show>
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
                  <strong>{result.name}</strong>:{' '}
                  {result.already === true
                    ? 'already invited'
                    : result.invited
                      ? 'invited'
                      : `not invited. ${result.reason}`}
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
          onClick={() => void store.invite()}
        >
          {state.sending ? 'Inviting…' : state.selected.length > 0 ? `Invite (${state.selected.length})` : 'Invite'}
        </button>
      </div>
    </dialog>
  );
}
