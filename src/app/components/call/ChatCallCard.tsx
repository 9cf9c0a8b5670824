// A chat's call as its page shows it: a call going on (Join, with how many are in it), a scheduled one (countdown,
// Start now for admins, Notify me for others), or none (Start video chat).
import CalendarClock from 'lucide-solid/icons/calendar-clock';
import Radio from 'lucide-solid/icons/radio';
import Video from 'lucide-solid/icons/video';
import { createSignal, Match, onCleanup, Show, Switch, untrack, type JSX } from 'solid-js';
import type { CallSummary } from '../../stores/backend';
import { countdownText, startTimeText } from './scheduleInputs';
import styles from './CallCard.module.css';

export interface ChatCallCardProps {
  call: CallSummary | null;
  canManage: boolean;
  /** The chat's owner: only they stream with RTMP and see the stream key. */
  isOwner: boolean;
  busy: boolean;
  onStreamKey(opener: HTMLButtonElement): void;
  onJoin(): void;
  onStart(): void;
  onStartNow(): void;
  onNotify(subscribed: boolean): void;
  /** Shown above Join for a call going on: the camera to turn on before joining, with its preview. */
  preview?: JSX.Element;
  /** Now by the server's clock, ms (schedule_date is the server's); the device clock when not given. */
  serverNow?: () => number;
}

const people = (n: number) => (n === 1 ? '1 person' : `${n} people`);

function Countdown(props: { start: number; now: () => number }): JSX.Element {
  const [now, setNow] = createSignal(untrack(() => props.now()));
  const timer = setInterval(() => setNow(props.now()), 1000);
  onCleanup(() => clearInterval(timer));
  return (
    <p class={styles.countdown}>
      Starts <span data-testid="countdown">{countdownText(props.start, now())}</span>
      <span class={styles.when}> · {startTimeText(props.start)}</span>
    </p>
  );
}

export function ChatCallCard(props: ChatCallCardProps): JSX.Element {
  return (
    <section class={styles.card} aria-labelledby="chat-call-heading">
      <Switch>
        <Match when={props.call !== null && props.call.scheduleDate !== null && props.call}>
          {(call) => (
            <>
              <h2 id="chat-call-heading" class={styles.heading} tabindex="-1" data-kind="scheduled">
                <CalendarClock size={22} aria-hidden="true" />
                Scheduled video chat{call().title ? `: ${call().title}` : ''}
              </h2>
              <Countdown start={call().scheduleDate!} now={props.serverNow ?? Date.now} />
              <div class={styles.actions}>
                <Show
                  when={props.canManage}
                  fallback={
                    <button
                      type="button"
                      class={call().subscribed ? 'button button-secondary' : 'button button-primary'}
                      aria-pressed={call().subscribed}
                      // aria-disabled, not disabled: the pressed button keeps the focus while the server answers.
                      aria-disabled={props.busy}
                      onClick={() => !props.busy && props.onNotify(!call().subscribed)}
                    >
                      {call().subscribed ? 'Notifications on' : 'Notify me'}
                    </button>
                  }
                >
                  <button
                    type="button"
                    class="button button-primary"
                    disabled={props.busy}
                    onClick={() => props.onStartNow()}
                  >
                    Start now
                  </button>
                </Show>
              </div>
            </>
          )}
        </Match>
        <Match when={props.call}>
          {(call) => (
            <>
              <h2
                id="chat-call-heading"
                class={styles.heading}
                tabindex="-1"
                data-kind={call().rtmp ? 'stream' : 'live'}
              >
                <span class={styles.live} aria-hidden="true" />
                <Show when={call().rtmp} fallback={<Video size={22} aria-hidden="true" />}>
                  <Radio size={22} aria-hidden="true" />
                </Show>
                {call().rtmp ? 'Live stream' : 'Video chat'}
                {call().title ? `: ${call().title}` : ''}
              </h2>
              <Show
                when={call().rtmp}
                fallback={
                  <>
                    <p class="hint">
                      {call().participantsCount === 0
                        ? 'Nobody is in the call yet.'
                        : `${people(call().participantsCount)} in the call`}
                    </p>
                    {props.preview}
                    <div class={styles.actions}>
                      <button
                        type="button"
                        class="button button-primary"
                        disabled={props.busy}
                        onClick={() => props.onJoin()}
                      >
                        Join
                      </button>
                    </div>
                  </>
                }
              >
                <p class="hint">
                  {props.isOwner
                    ? 'Your encoder streams here with the server URL and key. This app cannot play live streams yet: watch it in Telegram’s own app.'
                    : 'This app cannot play live streams yet: watch it in Telegram’s own app.'}
                </p>
                <Show when={props.isOwner}>
                  <div class={styles.actions}>
                    <button
                      type="button"
                      class="button button-primary"
                      disabled={props.busy}
                      onClick={(e) => props.onStreamKey(e.currentTarget)}
                    >
                      Server URL and key
                    </button>
                  </div>
                </Show>
              </Show>
            </>
          )}
        </Match>
        <Match when={props.call === null}>
          <h2 id="chat-call-heading" class={styles.heading} tabindex="-1">
            Video chat
          </h2>
          <p class="hint">There is no video chat here right now.</p>
          <div class={styles.actions}>
            <button type="button" class="button button-primary" disabled={props.busy} onClick={() => props.onStart()}>
              Start video chat
            </button>
          </div>
        </Match>
      </Switch>
    </section>
  );
}
