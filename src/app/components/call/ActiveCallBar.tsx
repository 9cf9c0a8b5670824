// A bar on every other screen while the person is in a call (chat list, settings, another chat): which call, who is
// speaking, the microphone (mute / unmute, or raise hand) and Leave, and a way back to it — so browsing never loses the
// call. And, on every screen, invitations to other calls (InvitationBanner).
import { A, useLocation } from '@solidjs/router';
import Hand from 'lucide-solid/icons/hand';
import MicOff from 'lucide-solid/icons/mic-off';
import Mic from 'lucide-solid/icons/mic';
import PhoneOff from 'lucide-solid/icons/phone-off';
import { createSignal, Show, type JSX } from 'solid-js';
import { useCall } from '../../stores/context';
import styles from './ActiveCallBar.module.css';
import { InvitationBanner } from './InvitationBanner';
import { LeaveCallDialog } from './LeaveCallDialog';
import { micMode } from './MicButton';

export function ActiveCallBar(): JSX.Element {
  const call = useCall();
  const location = useLocation();
  const href = () => (call.state.chatKey === null ? '' : `/chat/${encodeURIComponent(call.state.chatKey)}`);
  const inCall = () =>
    call.state.status === 'joining' || call.state.status === 'connected' || call.state.status === 'reconnecting';
  const elsewhere = () =>
    call.state.chatKey !== null && inCall() && decodeURIComponent(location.pathname) !== decodeURIComponent(href());
  const speakers = () => call.state.people.filter((p) => p.speaking && !p.isSelf).map((p) => p.name);
  const speakingText = () => {
    const names = speakers();
    if (call.state.status === 'reconnecting') return 'Reconnecting…';
    if (call.state.status === 'joining') return 'Joining…';
    if (names.length === 0) return 'Nobody is speaking';
    return names.length === 1 ? `${names[0]} is speaking` : `${names[0]} and ${names.length - 1} more are speaking`;
  };
  const mode = () => micMode(call.state);
  const [leaving, setLeaving] = createSignal<HTMLElement | null>(null);
  return (
    <>
      <Show when={elsewhere()}>
        <aside class={styles.bar} aria-label="Current call" data-mode={mode()}>
          <A href={href()} class={styles.back}>
            <span class={styles.title}>{call.state.title || 'Video chat'}</span>
            <span class={styles.speaking}>{speakingText()}</span>
            <span class="visually-hidden">, back to the call</span>
          </A>
          <Show
            when={mode() !== 'hand'}
            fallback={
              <button
                type="button"
                class={styles.icon}
                aria-pressed={call.state.handRaised}
                aria-label={call.state.handRaised ? 'Lower hand' : 'Raise hand'}
                title="Raise hand"
                onClick={() => void call.raiseHand(!call.state.handRaised)}
              >
                <Hand size={20} aria-hidden="true" />
              </button>
            }
          >
            <button
              type="button"
              class={styles.icon}
              data-live={mode() === 'live' ? 'true' : undefined}
              aria-label={mode() === 'blocked' ? 'Enable microphone' : mode() === 'live' ? 'Mute' : 'Unmute'}
              title={mode() === 'live' ? 'Mute' : 'Unmute'}
              disabled={mode() === 'connecting'}
              onClick={() =>
                mode() === 'blocked' ? void call.enableMicrophone() : void call.setMuted(mode() === 'live')
              }
            >
              <Show when={mode() === 'live'} fallback={<MicOff size={20} aria-hidden="true" />}>
                <Mic size={20} aria-hidden="true" />
              </Show>
            </button>
          </Show>
          <button
            type="button"
            class={`${styles.icon} ${styles.leave}`}
            aria-label="Leave"
            title="Leave the call"
            onClick={(e) => (call.state.canManage ? setLeaving(e.currentTarget) : void call.leave())}
          >
            <PhoneOff size={20} aria-hidden="true" />
          </button>
        </aside>
      </Show>
      <Show when={leaving()}>
        {(opener) => (
          <LeaveCallDialog
            opener={opener()}
            onLeave={() => {
              setLeaving(null);
              void call.leave();
            }}
            onEnd={() => {
              setLeaving(null);
              void call.end();
            }}
            onCancel={() => setLeaving(null)}
          />
        )}
      </Show>
      <InvitationBanner />
    </>
  );
}
