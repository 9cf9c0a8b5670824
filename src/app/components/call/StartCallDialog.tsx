// "Start video chat": a title, and when — now, at a scheduled date and time, or as an RTMP stream (then the server URL
// and stream key, with Copy buttons). Renders and collects; the chat's call store does the work.
import { createSignal, Match, onMount, Show, Switch, type JSX } from 'solid-js';
import { ErrorText } from '../ErrorText';
import { TextField } from '../TextField';
import type { NewCallOptions } from '../../stores/backend';
import { CopyField } from './CopyField';
import { defaultScheduleInputs, scheduleDateOf } from './scheduleInputs';
import styles from './StartCallDialog.module.css';

export type StartKind = 'now' | 'scheduled' | 'rtmp';

export interface StartCallDialogProps {
  busy: boolean;
  error: string | null;
  /** Set once an RTMP stream was created: the dialog then shows where to send it. */
  rtmp: { url: string; key: string } | null;
  canStream: boolean;
  onSubmit(options: NewCallOptions): void;
  onClose(): void;
}

export function StartCallDialog(props: StartCallDialogProps): JSX.Element {
  let dialog: HTMLDialogElement | undefined;
  const [title, setTitle] = createSignal('');
  const [kind, setKind] = createSignal<StartKind>('now');
  const defaults = defaultScheduleInputs(new Date());
  const [date, setDate] = createSignal(defaults.date);
  const [time, setTime] = createSignal(defaults.time);
  const [formError, setFormError] = createSignal<string | null>(null);

  onMount(() => dialog?.showModal());

  function submit(event: SubmitEvent): void {
    event.preventDefault();
    setFormError(null);
    const base = { title: title().trim() };
    if (kind() === 'now') return props.onSubmit(base);
    if (kind() === 'rtmp') return props.onSubmit({ ...base, rtmp: true });
    const scheduleDate = scheduleDateOf(date(), time());
    if (scheduleDate === null) return void setFormError('Enter a date and a time for the call.');
    props.onSubmit({ ...base, scheduleDate });
  }

  const submitText = () => (kind() === 'now' ? 'Start now' : kind() === 'scheduled' ? 'Schedule' : 'Create stream');

  return (
    <dialog ref={dialog} class={styles.dialog} aria-labelledby="start-call-title" onCancel={() => props.onClose()}>
      <h2 id="start-call-title" class={styles.heading}>
        {props.rtmp ? 'Stream with RTMP' : 'Start video chat'}
      </h2>
      <Show
        when={props.rtmp}
        fallback={
          <form class={styles.form} onSubmit={submit}>
            <TextField id="call-title" label="Title" placeholder="Optional" value={title()} onValue={setTitle} />
            <fieldset class={styles.choices}>
              <legend>When</legend>
              <label class={styles.choice}>
                <input type="radio" name="when" checked={kind() === 'now'} onChange={() => setKind('now')} /> Now
              </label>
              <label class={styles.choice}>
                <input
                  type="radio"
                  name="when"
                  checked={kind() === 'scheduled'}
                  onChange={() => setKind('scheduled')}
                />{' '}
                Scheduled
              </label>
              <label class={styles.choice}>
                <input type="radio" name="when" checked={kind() === 'rtmp'} onChange={() => setKind('rtmp')} /> RTMP
                stream
              </label>
            </fieldset>
            <Switch>
              <Match when={kind() === 'scheduled'}>
                <div class={styles.row}>
                  <div>
                    <label for="call-date">Date</label>
                    <input id="call-date" type="date" value={date()} onInput={(e) => setDate(e.currentTarget.value)} />
                  </div>
                  <div>
                    <label for="call-time">Time</label>
                    <input id="call-time" type="time" value={time()} onInput={(e) => setTime(e.currentTarget.value)} />
                  </div>
                </div>
                <p class="hint">Members can ask to be notified; an admin starts it with “Start now”.</p>
              </Match>
              <Match when={kind() === 'rtmp'}>
                <p class="hint">
                  {props.canStream
                    ? 'Stream from OBS or another encoder: the server URL and stream key appear next.'
                    : 'Only the owner of this chat can stream with RTMP.'}
                </p>
              </Match>
            </Switch>
            <ErrorText message={formError() ?? props.error} />
            <div class={styles.buttons}>
              <button type="button" class="button button-secondary" onClick={() => props.onClose()}>
                Cancel
              </button>
              <button type="submit" class="button button-primary" disabled={props.busy}>
                {props.busy ? 'Working…' : submitText()}
              </button>
            </div>
          </form>
        }
      >
        {(rtmp) => (
          <div class={styles.form}>
            <p class="hint">Give these to your streaming app. Keep the key secret: anyone with it can stream here.</p>
            <CopyField label="Server URL" copyLabel="Copy server URL" value={rtmp().url} />
            <CopyField label="Stream key" copyLabel="Copy stream key" value={rtmp().key} />
            <div class={styles.buttons}>
              <button type="button" class="button button-primary" onClick={() => props.onClose()}>
                Done
              </button>
            </div>
          </div>
        )}
      </Show>
    </dialog>
  );
}
