// New group: a name and the contacts to add (messages.createChat needs at least one); on success into the new group's
// page, as Telegram's apps open the chat they just made.
import { A, useNavigate } from '@solidjs/router';
import { createMemo, createSignal, For, Match, onMount, Show, Switch, type JSX } from 'solid-js';
import { Avatar } from '../components/Avatar';
import { ErrorText } from '../components/ErrorText';
import { Screen } from '../components/Screen';
import { TextField } from '../components/TextField';
import { messageForError } from '../errorMessages';
import { useChats } from '../stores/context';
import styles from './NewGroupScreen.module.css';

const NO_MEMBERS = 'Pick at least one contact for the group.';

export function NewGroupScreen(): JSX.Element {
  const chats = useChats();
  const navigate = useNavigate();
  const [title, setTitle] = createSignal('');
  const [picked, setPicked] = createSignal<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [query, setQuery] = createSignal('');
  // Filtering hides rows but never un-picks anyone: the picked set is kept apart from what is shown.
  const shown = createMemo(() => {
    const q = query().trim().toLowerCase();
    if (!q) return chats.state.contacts;
    const digits = q.replace(/\D/g, '');
    return chats.state.contacts.filter(
      (c) => c.name.toLowerCase().includes(q) || (digits !== '' && c.phone.includes(digits)),
    );
  });

  onMount(() => void chats.loadContacts());

  function toggle(id: string, on: boolean): void {
    const next = new Set(picked());
    if (on) next.add(id);
    else next.delete(id);
    setPicked(next);
    // A "pick at least one" error is answered by picking: it must not stay once it is no longer true.
    if (next.size > 0 && error() === NO_MEMBERS) setError(null);
  }

  async function submit(): Promise<void> {
    if (!title().trim()) {
      setError('Give the group a name.');
      return;
    }
    if (picked().size === 0) {
      setError(NO_MEMBERS);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const chat = await chats.createGroup(title(), [...picked()]);
      navigate(`/chat/${encodeURIComponent(chat.key)}`, { replace: true });
    } catch (e) {
      setError(messageForError(e));
      setBusy(false);
    }
  }

  return (
    <Screen
      title="New group"
      actions={
        <A href="/" class="button button-secondary">
          Cancel
        </A>
      }
    >
      <form
        class={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <TextField
          id="group-title"
          label="Group name"
          required
          maxlength={128}
          value={title()}
          onValue={setTitle}
          ref={(el) => onMount(() => el.focus())}
        />
        <fieldset class={styles.members}>
          <legend>Members ({picked().size} selected)</legend>
          <Switch>
            <Match when={chats.state.contactsLoading}>
              <p class="hint" role="status">
                Loading contacts…
              </p>
            </Match>
            <Match when={chats.state.contactsError}>
              <ErrorText message={chats.state.contactsError} />
              <button type="button" class="button button-secondary" onClick={() => void chats.loadContacts()}>
                Try again
              </button>
            </Match>
            <Match when={chats.state.contacts.length === 0}>
              <p class="hint">You have no contacts yet.</p>
            </Match>
            <Match when={chats.state.contacts.length > 0}>
              <div class={styles.search}>
                <label for="contact-search" class="visually-hidden">
                  Search contacts
                </label>
                <input
                  id="contact-search"
                  type="search"
                  placeholder="Search contacts"
                  autocomplete="off"
                  value={query()}
                  onInput={(e) => setQuery(e.currentTarget.value)}
                />
              </div>
              <Show when={shown().length === 0}>
                <p class="hint" role="status">
                  No contact matches “{query().trim()}”.
                </p>
              </Show>
              <ul class={styles.contacts}>
                <For each={shown()}>
                  {(contact) => (
                    <li>
                      <label class={styles.contact}>
                        <input
                          type="checkbox"
                          checked={picked().has(contact.id)}
                          onChange={(e) => toggle(contact.id, e.currentTarget.checked)}
                        />
                        <Avatar title={contact.name} seed={`user:${contact.id}`} size={36} />
                        <span class={styles.contactName}>{contact.name}</span>
                        <span class="hint">{contact.phone ? `+${contact.phone}` : ''}</span>
                      </label>
                    </li>
                  )}
                </For>
              </ul>
            </Match>
          </Switch>
        </fieldset>
        <ErrorText message={error()} />
        <button type="submit" class="button button-primary" disabled={busy()} aria-busy={busy()}>
          {busy() ? 'Creating group…' : 'Create group'}
        </button>
      </form>
    </Screen>
  );
}
