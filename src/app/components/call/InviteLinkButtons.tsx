// The call screen's invite links, as Telegram's apps offer them. In a public chat: "Copy invite link" (listeners), for
// admins "Copy speaker link" and "Revoke speaker links". A private chat has no call links: its creator and admins who
// may invite share the chat's own invite link, and other members are told why there is nothing to share. Share
// buttons appear where the browser has the Web Share API. The link last made is shown, for copying by hand.
import { createUniqueId, Match, Show, Switch, type JSX } from 'solid-js';
import { ErrorText } from '../ErrorText';
import type { CallLinkPolicy, CallRef, ChatKind } from '../../stores/backend';
import { kindName, type InviteLinkKind, type InviteLinkStore } from '../../stores/inviteLinkStore';
import styles from './InviteLinkButtons.module.css';

export interface InviteLinkButtonsProps {
  store: InviteLinkStore;
  callRef: CallRef;
  chatKey: string;
  chatKind: ChatKind;
  callTitle: string;
  canManage: boolean;
  linkPolicy: CallLinkPolicy;
}

export function InviteLinkButtons(props: InviteLinkButtonsProps): JSX.Element {
  const id = createUniqueId();
  const s = () => props.store.state;
  const source = () => ({ ref: props.callRef, chatKey: props.chatKey });
  const chatNoun = () => (props.chatKind === 'channel' ? 'channel' : 'group');

  /** "Copy …" and, where the browser can, "Share …" for one kind of link. */
  function CopyAndShare(p: { kind: InviteLinkKind; label: string }): JSX.Element {
    return (
      <>
        {/* aria-disabled while busy, not disabled: a disabled button drops the focus to the page's body. */}
        <button
          type="button"
          class="button button-secondary"
          aria-disabled={s().busy}
          onClick={() => !s().busy && void props.store.copy(source(), p.kind)}
        >
          Copy {p.label}
        </button>
        <Show when={props.store.canShare}>
          <button
            type="button"
            class="button button-secondary"
            aria-disabled={s().busy}
            onClick={() => !s().busy && void props.store.share(source(), p.kind, props.callTitle)}
          >
            Share {p.label}
          </button>
        </Show>
      </>
    );
  }

  return (
    <section class={styles.links} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} class={styles.heading}>
        Invite links
      </h3>
      <Switch>
        <Match when={props.linkPolicy === 'call-links'}>
          <div class={styles.row}>
            <CopyAndShare kind="listener" label="invite link" />
            <Show when={props.canManage}>
              <CopyAndShare kind="speaker" label="speaker link" />
              <button
                type="button"
                class="button button-secondary"
                aria-disabled={s().busy}
                onClick={() => !s().busy && void props.store.revokeSpeakerLinks(props.callRef)}
              >
                Revoke speaker links
              </button>
            </Show>
          </div>
          <Show when={props.canManage}>
            <p class="hint">
              A speaker link lets people speak even when only admins can speak; an invite link makes them listeners.
            </p>
          </Show>
        </Match>
        <Match when={props.linkPolicy === 'chat-invite'}>
          <div class={styles.row}>
            <CopyAndShare kind="chat" label={`${chatNoun()} invite link`} />
          </div>
          <p class="hint">
            This {chatNoun()} is private, so there is no link straight to the video chat. Its invite link lets people
            join the {chatNoun()}, then the video chat.
          </p>
        </Match>
        <Match when={props.linkPolicy === 'none'}>
          <p class="hint">This {chatNoun()} is private: only its admins can share a link to it.</p>
        </Match>
      </Switch>
      <Show when={s().link}>
        {(link) => (
          <div class={styles.field}>
            <label for={`${id}-link`}>{kindName(s().kind ?? 'listener')}</label>
            <input id={`${id}-link`} type="text" readOnly value={link()} onFocus={(e) => e.currentTarget.select()} />
          </div>
        )}
      </Show>
      <Show when={s().status}>
        <p class="hint" role="status">
          {s().status}
        </p>
      </Show>
      <ErrorText message={s().error} />
    </section>
  );
}
