// The call screen: a dark stage (a slot for the video grid, else who is speaking), the large microphone button, icon
// controls (devices, invite, leave, end for admins), and the people in the call beside the stage on wide screens and
// below it on narrow ones. Ended and failed calls say why and what is possible next. M toggles the microphone; a live
// region says what changed without the person asking (muted by an admin, allowed to speak, a device gone).
import Keyboard from 'lucide-solid/icons/keyboard';
import PhoneOff from 'lucide-solid/icons/phone-off';
import Settings2 from 'lucide-solid/icons/settings-2';
import UserPlus from 'lucide-solid/icons/user-plus';
import { createSignal, Match, onCleanup, onMount, Show, Switch, type JSX, For } from 'solid-js';
import { Avatar } from '../Avatar';
import { ErrorText } from '../ErrorText';
import { DevicePanel } from '../devices/DevicePanel';
import { MICROPHONE_ALLOW, MICROPHONE_HELP, retryCanHelp, whatIsPossible } from '../../stores/callMessages';
import type { ActiveCallState } from '../../stores/callStore';
import type { DevicesStore } from '../../stores/devicesStore';
import { ConfirmEndDialog } from './ConfirmEndDialog';
import { LeaveCallDialog } from './LeaveCallDialog';
import { MicButton, micMode } from './MicButton';
import { ParticipantList } from './ParticipantList';
import { ShortcutsDialog } from './ShortcutsDialog';
import styles from './CallPanel.module.css';

export interface CallPanelProps {
  state: ActiveCallState;
  devices: DevicesStore;
  onMute: (muted: boolean) => void;
  onRaiseHand: (raised: boolean) => void;
  onEnableMic: () => void;
  onLeave(): void;
  onEnd(): void;
  onJoinMuted(joinMuted: boolean): void;
  onRetry(): void;
  onDismiss(): void;
  onVolume(peerId: string, percent: number): void;
  onToggleMutedForMe(peerId: string): void;
  onMuteForEveryone(peerId: string, muted: boolean): void;
  onInvite(): void;
  /** The list is scrolled near its end and the call has more people than loaded. */
  onLoadMore(): void;
  onMicrophone: (deviceId: string) => void;
  onSpeaker: (deviceId: string) => void;
  /** The video grid, shown while `hasVideo` (anyone sends video); otherwise the stage shows who is speaking. */
  video?: JSX.Element;
  hasVideo?: boolean;
  /** More controls, first in the toolbar (camera and screen sharing). */
  extraControls?: JSX.Element;
  /** What the extra controls say under the toolbar (why the camera is unavailable, a refusal and its way out). */
  controlNotes?: JSX.Element;
}

const statusText: Record<ActiveCallState['status'], string> = {
  idle: 'Not connected',
  joining: 'Joining…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  left: 'You left the call',
  ended: 'Call ended',
  failed: 'Could not join',
};

/** A control that Space presses itself (a button, a link, a checkbox…). */
function onControl(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    target.closest('button, a[href], input, select, textarea, [role="button"], summary') !== null
  );
}

function typingInField(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

export function CallPanel(props: CallPanelProps): JSX.Element {
  const [confirming, setConfirming] = createSignal(false);
  const [devicesOpen, setDevicesOpen] = createSignal(false);
  const [leaving, setLeaving] = createSignal<HTMLElement | null>(null);
  let micButton: HTMLButtonElement | undefined;
  let endButton: HTMLButtonElement | undefined;
  const active = () =>
    props.state.status === 'joining' || props.state.status === 'connected' || props.state.status === 'reconnecting';
  const speakers = () => props.state.people.filter((p) => p.speaking);

  const [shortcutsOpen, setShortcutsOpen] = createSignal<HTMLElement | null>(null);
  /** Space held down to talk (push-to-talk) while muted: released, the microphone goes off again. */
  let pushToTalk = false;
  // M mutes and unmutes, as in Telegram's apps; holding Space talks; ? lists the shortcuts. Not while typing in a field
  // or with a modifier; Space not on a control (there it presses the control, as everywhere).
  const onKey = (event: KeyboardEvent) => {
    if (
      event.ctrlKey ||
      event.metaKey ||
      event.altKey ||
      typingInField(event.target) ||
      !active() ||
      shortcutsOpen() !== null
    )
      return;
    const mode = micMode(props.state);
    if (event.key.toLowerCase() === 'm' && (mode === 'muted' || mode === 'live')) {
      event.preventDefault();
      props.onMute(mode === 'live');
    } else if (event.key === ' ' && !event.repeat && mode === 'muted' && !onControl(event.target)) {
      event.preventDefault();
      pushToTalk = true;
      props.onMute(false);
    } else if (event.key === '?') {
      event.preventDefault();
      setShortcutsOpen(document.activeElement instanceof HTMLElement ? document.activeElement : document.body);
    }
  };
  const onKeyUp = (event: KeyboardEvent) => {
    if (event.key !== ' ' || !pushToTalk) return;
    pushToTalk = false;
    if (micMode(props.state) === 'live') props.onMute(true);
  };
  onMount(() => {
    document.addEventListener('keydown', onKey);
    document.addEventListener('keyup', onKeyUp);
    // Joining moved the person here from the Join button: focus goes to the microphone, the call's main control.
    micButton?.focus();
  });
  onCleanup(() => {
    document.removeEventListener('keydown', onKey);
    document.removeEventListener('keyup', onKeyUp);
  });

  return (
    <section class={styles.panel} aria-labelledby="call-title">
      <header class={styles.top}>
        <h2 id="call-title" class={styles.title} tabindex="-1">
          {props.state.title || 'Video chat'}
        </h2>
        <p class={styles.status} role="status" data-status={props.state.status}>
          {statusText[props.state.status]}
        </p>
      </header>

      <Switch>
        <Match when={props.state.status === 'ended'}>
          <div class={styles.ended}>
            <p>{props.state.endedByOther ? 'The call was ended for everyone.' : 'You ended the call for everyone.'}</p>
            <button
              type="button"
              class="button button-primary"
              ref={(el) => queueMicrotask(() => el.focus())}
              onClick={() => props.onDismiss()}
            >
              Back to the chat
            </button>
          </div>
        </Match>
        <Match when={props.state.status === 'failed' || props.state.status === 'left'}>
          <div class={styles.ended}>
            <ErrorText message={props.state.error} />
            <Show when={props.state.errorReason === 'microphone-denied'}>
              <p class="hint">{MICROPHONE_HELP}</p>
            </Show>
            <Show when={whatIsPossible(props.state.errorReason)}>{(text) => <p class="hint">{text()}</p>}</Show>
            <div class={styles.actions}>
              <Show when={retryCanHelp(props.state.errorReason)}>
                <button type="button" class="button button-primary" onClick={() => props.onRetry()}>
                  Try again
                </button>
              </Show>
              <button type="button" class="button button-secondary" onClick={() => props.onDismiss()}>
                Back to the chat
              </button>
            </div>
          </div>
        </Match>
        <Match when={active()}>
          <div class={styles.layout}>
            <div class={styles.stage}>
              {/* The video grid goes here (data-slot="video"); until there is video, who is speaking. */}
              <div class={styles.videoSlot} data-slot="video">
                <Show
                  when={props.hasVideo === true}
                  fallback={
                    <div class={styles.speakers} aria-hidden="true">
                      <Show
                        when={speakers().length > 0}
                        fallback={
                          <p class={styles.quiet}>
                            {props.state.people.length <= 1 ? 'Only you are here so far' : 'Nobody is speaking'}
                          </p>
                        }
                      >
                        <div class={styles.speakerAvatars}>
                          <For each={speakers().slice(0, 4)}>
                            {(p) => (
                              <span class={styles.speaker}>
                                <Avatar title={p.name} seed={p.peerId} size={64} />
                                <span class={styles.speakerName}>{p.isSelf ? 'You' : p.name}</span>
                              </span>
                            )}
                          </For>
                        </div>
                      </Show>
                    </div>
                  }
                >
                  {props.video}
                </Show>
              </div>

              <MicButton
                state={props.state}
                ref={(el) => (micButton = el)}
                onMute={props.onMute}
                onRaiseHand={props.onRaiseHand}
                onEnableMic={props.onEnableMic}
              />
              <Show when={props.state.micProblem}>
                {(problem) => (
                  <div class={styles.stageNote} role="alert">
                    <p>{problem()}</p>
                    <button type="button" class="button button-secondary" onClick={() => setDevicesOpen(true)}>
                      Choose a microphone
                    </button>
                  </div>
                )}
              </Show>
              <Show when={props.state.micBlocked}>
                <p class={styles.stageNote}>
                  The browser did not allow the microphone, so you joined as a listener. To speak, {MICROPHONE_ALLOW},
                  then press Enable microphone.
                </p>
              </Show>
              {/* A device that went or a default that moved, said on the stage while the devices panel is closed. */}
              <Show when={!devicesOpen() && props.devices.state.notice}>
                {(notice) => (
                  <p class={styles.stageNote} role="status">
                    {notice()}
                  </p>
                )}
              </Show>

              <div class={styles.controls} role="toolbar" aria-label="Call controls">
                {props.extraControls}
                <button
                  type="button"
                  class={styles.control}
                  aria-expanded={devicesOpen()}
                  aria-controls="call-devices"
                  title="Microphone and speaker"
                  onClick={() => setDevicesOpen(!devicesOpen())}
                >
                  <Settings2 size={22} aria-hidden="true" />
                  <span>Devices</span>
                </button>
                <button type="button" class={styles.control} title="Invite members" onClick={() => props.onInvite()}>
                  <UserPlus size={22} aria-hidden="true" />
                  <span>Invite members</span>
                </button>
                <button
                  type="button"
                  class={styles.control}
                  title="Keyboard shortcuts (?)"
                  onClick={(e) => setShortcutsOpen(e.currentTarget)}
                >
                  <Keyboard size={22} aria-hidden="true" />
                  <span>Shortcuts</span>
                </button>
                <button
                  type="button"
                  class={`${styles.control} ${styles.leave}`}
                  title="Leave the call"
                  onClick={(e) => (props.state.canManage ? setLeaving(e.currentTarget) : props.onLeave())}
                >
                  <PhoneOff size={22} aria-hidden="true" />
                  <span>Leave</span>
                </button>
              </div>

              {props.controlNotes}
              <ErrorText message={props.state.actionError} />

              <Show when={devicesOpen()}>
                <section id="call-devices" class={styles.devices} aria-label="Devices">
                  <DevicePanel
                    devices={props.devices}
                    idPrefix="call"
                    onMicrophone={props.onMicrophone}
                    onSpeaker={props.onSpeaker}
                  />
                </section>
              </Show>

              <Show when={props.state.canManage}>
                <div class={styles.admin}>
                  <label class={styles.setting}>
                    <input
                      type="checkbox"
                      checked={props.state.joinMuted}
                      onChange={(e) => props.onJoinMuted(e.currentTarget.checked)}
                    />{' '}
                    Only admins can speak
                  </label>
                  <button
                    type="button"
                    class="button button-danger"
                    ref={(el) => (endButton = el)}
                    onClick={() => setConfirming(true)}
                  >
                    End for everyone
                  </button>
                </div>
              </Show>
            </div>

            <div class={styles.people}>
              <h3 class={styles.peopleHeading}>
                {Math.max(
                  props.state.people.filter((p) => !p.invited).length,
                  props.state.moreParticipants ? (props.state.participantsCount ?? 0) : 0,
                )}{' '}
                in the call
              </h3>
              <ParticipantList
                people={props.state.people}
                canManage={props.state.canManage}
                onVolume={(peerId, percent) => props.onVolume(peerId, percent)}
                onToggleMutedForMe={(peerId) => props.onToggleMutedForMe(peerId)}
                onMuteForEveryone={(peerId, muted) => props.onMuteForEveryone(peerId, muted)}
                hasMore={props.state.moreParticipants}
                total={props.state.participantsCount}
                onNearEnd={() => props.onLoadMore()}
              />
            </div>
          </div>
        </Match>
      </Switch>
      <p class="visually-hidden" role="status" aria-live="polite">
        {props.state.announcement ?? ''}
      </p>
      <Show when={shortcutsOpen()}>
        {(opener) => <ShortcutsDialog opener={opener()} onClose={() => setShortcutsOpen(null)} />}
      </Show>
      <Show when={leaving()}>
        {(opener) => (
          <LeaveCallDialog
            opener={opener()}
            onLeave={() => {
              setLeaving(null);
              props.onLeave();
            }}
            onEnd={() => {
              setLeaving(null);
              props.onEnd();
            }}
            onCancel={() => setLeaving(null)}
          />
        )}
      </Show>
      <Show when={confirming()}>
        <ConfirmEndDialog
          onConfirm={() => {
            setConfirming(false);
            props.onEnd();
          }}
          onCancel={() => {
            setConfirming(false);
            endButton?.focus();
          }}
        />
      </Show>
    </section>
  );
}
