// Microphone, speaker and camera pickers (labelled from enumerateDevices), the microphone's processing switches, and —
// in Settings — a "test your microphone" level meter. In a call the choice applies at once (replaceTrack / setSinkId);
// in Settings it applies to the next call.
import { createSignal, For, onCleanup, onMount, Show, untrack, type JSX } from 'solid-js';
import { MICROPHONE_ALLOW } from '../../stores/callMessages';
import type { AudioProcessing, DeviceOption, DevicesStore } from '../../stores/devicesStore';
import { meterLevel, type LevelMeter } from '../../media/levelMeter';
import styles from './DevicePanel.module.css';

export interface DevicePanelProps {
  devices: DevicesStore;
  /** Picking a microphone / speaker (the call store switches the running call; Settings only stores it). */
  onMicrophone(deviceId: string): void;
  onSpeaker(deviceId: string): void;
  /** Settings: a button that opens the microphone and shows its level. */
  withTest?: boolean;
  idPrefix: string;
}

const PROCESSING: { key: keyof AudioProcessing; label: string }[] = [
  { key: 'echoCancellation', label: 'Echo cancellation' },
  { key: 'noiseSuppression', label: 'Noise suppression' },
  { key: 'autoGainControl', label: 'Automatic gain control' },
];

function Picker(props: {
  id: string;
  label: string;
  options: DeviceOption[];
  value: string;
  onChange(id: string): void;
  disabled?: boolean;
}): JSX.Element {
  return (
    <div class={styles.field}>
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        class={styles.select}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <For each={props.options}>{(o) => <option value={o.deviceId}>{o.label}</option>}</For>
      </select>
    </div>
  );
}

export function DevicePanel(props: DevicePanelProps): JSX.Element {
  // The devices store lives as long as the app: the panel keeps the one it was given.
  const devices = untrack(() => props.devices);
  const [level, setLevel] = createSignal<number | null>(null);
  const [testError, setTestError] = createSignal<string | null>(null);
  let test: { track: MediaStreamTrack; meter: LevelMeter } | null = null;

  onMount(() => void devices.refresh().catch((error: unknown) => console.debug('[tgcall] devices not listed', error)));

  function stopTest(): void {
    test?.meter.stop();
    test?.track.stop();
    test = null;
    setLevel(null);
  }
  onCleanup(stopTest);

  async function startTest(): Promise<void> {
    stopTest();
    setTestError(null);
    try {
      const track = await devices.openMicrophone();
      test = { track, meter: meterLevel(track, setLevel) };
      setLevel(0);
    } catch (error) {
      const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
      setTestError(
        name === 'NotAllowedError'
          ? `The browser did not allow the microphone. To allow it, ${MICROPHONE_ALLOW}.`
          : 'No microphone could be opened.',
      );
    }
  }

  return (
    <div class={styles.panel}>
      <Picker
        id={`${props.idPrefix}-microphone`}
        label="Microphone"
        options={devices.state.microphones}
        value={devices.state.chosen.microphone}
        onChange={(id) => {
          props.onMicrophone(id);
          if (test !== null) void startTest();
        }}
      />
      <Show when={props.withTest}>
        <div class={styles.test}>
          <Show
            when={level() !== null}
            fallback={
              <button type="button" class="button button-secondary" onClick={() => void startTest()}>
                Test microphone
              </button>
            }
          >
            <div
              class={styles.meter}
              role="meter"
              aria-label="Microphone level"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round((level() ?? 0) * 100)}
            >
              <span class={styles.meterFill} style={{ width: `${Math.round((level() ?? 0) * 100)}%` }} />
            </div>
            <button type="button" class="button button-secondary" onClick={stopTest}>
              Stop test
            </button>
          </Show>
        </div>
        <Show when={testError()}>
          <p class="error" role="alert">
            {testError()}
          </p>
        </Show>
      </Show>
      <Show
        when={devices.state.canChooseSpeaker}
        fallback={
          <p class="hint">
            This browser plays calls through the system’s output device; choose it in the system’s sound settings.
          </p>
        }
      >
        <Picker
          id={`${props.idPrefix}-speaker`}
          label="Speaker"
          options={devices.state.speakers}
          value={devices.state.chosen.speaker}
          onChange={(id) => props.onSpeaker(id)}
        />
      </Show>
      <Picker
        id={`${props.idPrefix}-camera`}
        label="Camera"
        options={devices.state.cameras}
        value={devices.state.chosen.camera}
        onChange={(id) => devices.choose('camera', id)}
      />
      <fieldset class={styles.processing}>
        <legend>Microphone processing</legend>
        <For each={PROCESSING}>
          {(p) => (
            <label class={styles.check}>
              <input
                type="checkbox"
                checked={devices.state.processing[p.key]}
                onChange={(e) => devices.setProcessing(p.key, e.currentTarget.checked)}
              />{' '}
              {p.label}
            </label>
          )}
        </For>
        <p class="hint">Processing changes apply the next time the microphone opens.</p>
      </fieldset>
      <Show when={devices.state.notice}>
        <p class={styles.notice} role="status">
          {devices.state.notice}
        </p>
      </Show>
    </div>
  );
}
