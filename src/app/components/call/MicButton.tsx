// The call's large round microphone button, whose state reads at a glance: muted (grey, crossed mic, "Unmute"), live
// (green, "Mute", a ring that grows with the voice), muted by an admin (hand: "Raise hand" / "Lower hand"), the
// microphone refused (listening only: "Enable microphone"), connecting and reconnecting.
import Hand from 'lucide-solid/icons/hand';
import LoaderCircle from 'lucide-solid/icons/loader-circle';
import MicOff from 'lucide-solid/icons/mic-off';
import Mic from 'lucide-solid/icons/mic';
import { Match, Switch, type JSX } from 'solid-js';
import type { ActiveCallState } from '../../stores/callStore';
import styles from './MicButton.module.css';

export type MicMode = 'connecting' | 'blocked' | 'hand' | 'muted' | 'live';

export function micMode(state: Pick<ActiveCallState, 'status' | 'micBlocked' | 'muted' | 'canSelfUnmute'>): MicMode {
  if (state.status === 'joining') return 'connecting';
  if (state.micBlocked) return 'blocked';
  if (state.muted && !state.canSelfUnmute) return 'hand';
  return state.muted ? 'muted' : 'live';
}

export interface MicButtonProps {
  state: ActiveCallState;
  onMute(muted: boolean): void;
  onRaiseHand(raised: boolean): void;
  onEnableMic(): void;
  ref?: (el: HTMLButtonElement) => void;
}

export function MicButton(props: MicButtonProps): JSX.Element {
  const mode = () => micMode(props.state);
  const name = () => {
    switch (mode()) {
      case 'connecting':
        return 'Unmute';
      case 'blocked':
        return 'Enable microphone';
      case 'hand':
        return props.state.handRaised ? 'Lower hand' : 'Raise hand';
      case 'muted':
        return 'Unmute';
      case 'live':
        return 'Mute';
    }
  };
  const caption = () => {
    const reconnecting = props.state.status === 'reconnecting' ? 'Reconnecting… · ' : '';
    switch (mode()) {
      case 'connecting':
        return 'Connecting…';
      case 'blocked':
        return `${reconnecting}Listening only: the microphone is blocked`;
      case 'hand':
        return `${reconnecting}${props.state.handRaised ? 'Hand raised: an admin will let you speak' : 'Muted by an admin'}`;
      case 'muted':
        return `${reconnecting}You are muted`;
      case 'live':
        // The level shows as the ring around the button; the words stay put while the person talks.
        return `${reconnecting}You are live`;
    }
  };
  function press(): void {
    switch (mode()) {
      case 'blocked':
        return props.onEnableMic();
      case 'hand':
        return props.onRaiseHand(!props.state.handRaised);
      case 'muted':
        return props.onMute(false);
      case 'live':
        return props.onMute(true);
      case 'connecting':
        return;
    }
  }
  return (
    <div
      class={styles.wrap}
      data-mode={mode()}
      data-reconnecting={props.state.status === 'reconnecting' ? 'true' : undefined}
    >
      <span
        class={styles.level}
        aria-hidden="true"
        style={{ transform: `scale(${1 + Math.min(1, props.state.micLevel) * 0.35})` }}
      />
      <button
        ref={props.ref}
        type="button"
        class={styles.button}
        aria-label={name()}
        aria-pressed={mode() === 'hand' ? props.state.handRaised : undefined}
        aria-describedby="mic-caption"
        title={`${name()} (M)`}
        // aria-disabled, not disabled: the button keeps focus while the call connects (joining put focus here).
        aria-disabled={mode() === 'connecting' ? 'true' : undefined}
        onClick={press}
      >
        <Switch>
          <Match when={mode() === 'connecting'}>
            <LoaderCircle size={40} class={styles.spin} aria-hidden="true" />
          </Match>
          <Match when={mode() === 'hand'}>
            <Hand size={40} aria-hidden="true" />
          </Match>
          <Match when={mode() === 'live'}>
            <Mic size={40} aria-hidden="true" />
          </Match>
          <Match when={mode() === 'muted' || mode() === 'blocked'}>
            <MicOff size={40} aria-hidden="true" />
          </Match>
        </Switch>
      </button>
      <p id="mic-caption" class={styles.caption}>
        <strong class={styles.action} aria-hidden="true">
          {name()}
        </strong>
        <span>{caption()}</span>
      </p>
    </div>
  );
}
