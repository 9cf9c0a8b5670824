// The call screen: title and connection state, the people in the call (virtualised panel, Invite members), the own microphone, and the controls (Mute /
// Unmute or Raise hand, Leave, End for everyone). Ended and failed calls say why and what to do next.
import { createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { ErrorText } from '../ErrorText';
import { MICROPHONE_HELP } from '../../stores/callMessages';
import type { ActiveCallState } from '../../stores/callStore';
import { ConfirmEndDialog } from './ConfirmEndDialog';
import { ParticipantList } from './ParticipantList';
import styles from './CallPanel.module.css';

export interface CallPanelProps {
  state: ActiveCallState;
  onMute(muted: boolean): void;
  onRaiseHand(raised: boolean): void;
  onLeave(): void;
  onEnd(): void;
  onJoinMuted(joinMuted: boolean): void;
  onRetry(): void;
  onDismiss(): void;
  onVolume(peerId: string, percent: number): void;
  onMuteForEveryone(peerId: string, muted: boolean): void;
  onInvite(): void;
  /** The list is scrolled near its end and the call has more people than loaded. */
  onLoadMore(): void;
  /** Shown above the people while in the call (the video grid). */
  stage?: JSX.Element;
  /** More controls, first in the row (the camera button). */
  extraControls?: JSX.Element;
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

export function CallPanel(props: CallPanelProps): JSX.Element {
  const [confirming, setConfirming] = createSignal(false);
  const active = () => props.state.status === 'joining' || props.state.status === 'connected' || props.state.status === 'reconnecting';
  const micText = () =>
    props.state.muted
      ? props.state.canSelfUnmute
        ? 'Your microphone is off'
        : props.state.handRaised
          ? 'An admin muted you · hand raised'
          : 'An admin muted you'
      : 'Your microphone is on';

  return (
    <section class={styles.panel} aria-labelledby="call-title">
      <header class={styles.top}>
        <h2 id="call-title" class={styles.title}>
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
            <button type="button" class="button button-primary" onClick={() => props.onDismiss()}>
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
            <div class={styles.controls}>
              <button type="button" class="button button-primary" onClick={() => props.onRetry()}>
                Try again
              </button>
              <button type="button" class="button button-secondary" onClick={() => props.onDismiss()}>
                Back to the chat
              </button>
            </div>
          </div>
        </Match>
        <Match when={active()}>
          {props.stage}
          <ParticipantList
            people={props.state.people}
            canManage={props.state.canManage}
            onVolume={(peerId, percent) => props.onVolume(peerId, percent)}
            onMuteForEveryone={(peerId, muted) => props.onMuteForEveryone(peerId, muted)}
            hasMore={props.state.moreParticipants}
            total={props.state.participantsCount}
            onNearEnd={() => props.onLoadMore()}
          />
          <p class={styles.mic} data-muted={props.state.muted ? 'true' : undefined}>
            {micText()}
          </p>
          <Show when={props.state.canManage}>
            <label class={styles.setting}>
              <input type="checkbox" checked={props.state.joinMuted} onChange={(e) => props.onJoinMuted(e.currentTarget.checked)} /> Only admins can speak
            </label>
          </Show>
          <ErrorText message={props.state.actionError} />
          <div class={styles.controls}>
            {props.extraControls}
            <Show
              when={props.state.canSelfUnmute || !props.state.muted}
              fallback={
                <button type="button" class="button button-primary" aria-pressed={props.state.handRaised} onClick={() => props.onRaiseHand(!props.state.handRaised)}>
                  {props.state.handRaised ? 'Lower hand' : 'Raise hand'}
                </button>
              }
            >
              <button type="button" class="button button-primary" disabled={props.state.status === 'joining'} onClick={() => props.onMute(!props.state.muted)}>
                {props.state.muted ? 'Unmute' : 'Mute'}
              </button>
            </Show>
            <button type="button" class="button button-secondary" onClick={() => props.onInvite()}>
              Invite members
            </button>
            <button type="button" class="button button-secondary" onClick={() => props.onLeave()}>
              Leave
            </button>
            <Show when={props.state.canManage}>
              <button type="button" class="button button-danger" onClick={() => setConfirming(true)}>
                End for everyone
              </button>
            </Show>
          </div>
        </Match>
      </Switch>
      <Show when={confirming()}>
        <ConfirmEndDialog
          onConfirm={() => {
            setConfirming(false);
            props.onEnd();
          }}
          onCancel={() => setConfirming(false)}
        />
      </Show>
    </section>
  );
}
