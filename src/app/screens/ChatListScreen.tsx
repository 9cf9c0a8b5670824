// The groups and channels the person is in, with a marker on those where a call is going on.
import { A } from '@solidjs/router';
import { For, Match, Show, Switch, type JSX } from 'solid-js';
import { Avatar } from '../components/Avatar';
import { ErrorText } from '../components/ErrorText';
import { OpenLinkForm } from '../components/OpenLinkForm';
import { Screen } from '../components/Screen';
import type { ChatSummary } from '../stores/backend';
import { useChats } from '../stores/context';
import styles from './ChatListScreen.module.css';

/** "Call in progress" when people are in it; a call nobody is in yet (or a scheduled one) is just "Call". */
function callText(chat: ChatSummary): string | null {
  if (!chat.callActive) return null;
  return chat.callNotEmpty ? 'Call in progress' : 'Call';
}

function ChatRow(props: { chat: ChatSummary }): JSX.Element {
  const kindText = () => (props.chat.kind === 'channel' ? 'Channel' : 'Group');
  const call = () => callText(props.chat);
  return (
    <li
      class={styles.row}
      aria-label={[props.chat.title, kindText(), call()?.toLowerCase()].filter(Boolean).join(', ')}
    >
      {/* The whole row is the link (a tap target the size of the row); its name is the chat's title, the rest describes it. */}
      <A
        class={styles.rowLink}
        href={`/chat/${encodeURIComponent(props.chat.key)}`}
        aria-describedby={`chat-${props.chat.key}-about`}
      >
        <Avatar title={props.chat.title} seed={props.chat.key} />
        <span class={styles.text}>
          <span class={styles.title}>{props.chat.title}</span>
          <span class={styles.kind} id={`chat-${props.chat.key}-about`} aria-hidden="true">
            {kindText()}
            <Show when={call()}>
              <span class="visually-hidden">, {call()?.toLowerCase()}</span>
            </Show>
          </span>
        </span>
        <Show when={call()}>
          {(text) => (
            <span class={styles.call} data-live={props.chat.callNotEmpty ? 'true' : undefined} aria-hidden="true">
              {text()}
            </span>
          )}
        </Show>
      </A>
    </li>
  );
}

export function ChatListScreen(): JSX.Element {
  const chats = useChats();
  return (
    <Screen
      title="Chats"
      actions={
        <>
          <A href="/new-group" class="button button-primary">
            New group
          </A>
          <A href="/settings" class="button button-secondary">
            Settings
          </A>
        </>
      }
    >
      <OpenLinkForm />
      <ErrorText message={chats.state.error} />
      <Show when={chats.state.error}>
        <button type="button" class="button button-secondary" onClick={() => void chats.load()}>
          Try again
        </button>
      </Show>
      <Switch>
        <Match when={!chats.state.loaded && chats.state.loading}>
          <p class="hint" role="status">
            Loading chats…
          </p>
        </Match>
        <Match when={chats.state.loaded && chats.state.chats.length === 0}>
          <p class="hint">You are not in any groups or channels yet. Create a group to start.</p>
        </Match>
        <Match when={chats.state.chats.length > 0}>
          <ul class={styles.list} aria-label="Groups and channels">
            <For each={chats.state.chats}>{(chat) => <ChatRow chat={chat} />}</For>
          </ul>
        </Match>
      </Switch>
    </Screen>
  );
}
