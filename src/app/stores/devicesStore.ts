// The person's media devices: microphones, speakers and cameras as enumerateDevices lists them, the ones chosen
// (kept in storage), the microphone's processing switches, and what happens when a device comes or goes (devicechange).
// The call store opens its microphone through here; Settings and the call's device panel show and change the choice.
import { createStore } from 'solid-js/store';
import type { KeyValueStorage } from './settingsStore';

export type DeviceKind = 'microphone' | 'speaker' | 'camera';

export interface DeviceOption {
  /** '' = the system default. */
  deviceId: string;
  label: string;
}

export interface AudioProcessing {
  echoCancellation: boolean;
  noiseSuppression: boolean;
  autoGainControl: boolean;
}

export interface DevicesState {
  microphones: DeviceOption[];
  speakers: DeviceOption[];
  cameras: DeviceOption[];
  chosen: Record<DeviceKind, string>;
  processing: AudioProcessing;
  /** What changed without the person asking (a device unplugged), said once; null when nothing did. */
  notice: string | null;
  /** The browser lets a page pick the audio output (HTMLMediaElement.setSinkId). */
  canChooseSpeaker: boolean;
}

/** The part of navigator.mediaDevices the store uses (tests give their own). */
export interface MediaDevicesLike {
  enumerateDevices(): Promise<Array<Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>>>;
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  addEventListener(type: 'devicechange', listener: () => void): void;
  removeEventListener(type: 'devicechange', listener: () => void): void;
}

const STORAGE_KEY = 'tgcall:devices';
const KIND_OF: Record<MediaDeviceKind, DeviceKind> = {
  audioinput: 'microphone',
  audiooutput: 'speaker',
  videoinput: 'camera',
};
const NOUN: Record<DeviceKind, string> = { microphone: 'Microphone', speaker: 'Speaker', camera: 'Camera' };

/**
 * enumerateDevices' answer as pickers show it: a "Default" entry first, then each device once, labelled (browsers give
 * empty labels until a permission was granted: "Microphone 2" then). Chromium's own "default" / "communications"
 * aliases are folded into the first entry.
 */
export function deviceOptions(
  devices: ReadonlyArray<Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>>,
  kind: DeviceKind,
): DeviceOption[] {
  const options: DeviceOption[] = [{ deviceId: '', label: `Default ${NOUN[kind].toLowerCase()}` }];
  let n = 0;
  for (const d of devices) {
    if (KIND_OF[d.kind] !== kind || d.deviceId === '' || d.deviceId === 'default' || d.deviceId === 'communications')
      continue;
    n += 1;
    if (options.some((o) => o.deviceId === d.deviceId)) continue;
    options.push({ deviceId: d.deviceId, label: d.label.trim() || `${NOUN[kind]} ${n}` });
  }
  return options;
}

/**
 * After a devicechange: the chosen device of `kind` if still there, else the default ('') and the sentence that says
 * so (naming the device that went, as it was labelled).
 */
export function fallbackAfterChange(
  before: DeviceOption[],
  after: DeviceOption[],
  chosen: string,
  kind: DeviceKind,
): { chosen: string; notice: string | null } {
  if (chosen === '' || after.some((o) => o.deviceId === chosen)) return { chosen, notice: null };
  const gone = before.find((o) => o.deviceId === chosen)?.label ?? `The chosen ${NOUN[kind].toLowerCase()}`;
  return { chosen: '', notice: `${gone} is no longer available; using the default ${NOUN[kind].toLowerCase()}.` };
}

/**
 * The device behind the system default, as Chromium names it in its "default" alias entry ("Default - USB headset"),
 * or null where the browser lists no such entry (Firefox, Safari: the default is whatever getUserMedia opens).
 */
export function defaultDeviceLabel(
  devices: ReadonlyArray<Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>>,
  kind: DeviceKind,
): string | null {
  const alias = devices.find((d) => KIND_OF[d.kind] === kind && d.deviceId === 'default');
  if (alias === undefined || alias.label.trim() === '') return null;
  return alias.label.replace(/^Default\s*-\s*/, '').trim();
}

interface Stored {
  chosen?: Partial<Record<DeviceKind, unknown>>;
  processing?: Partial<Record<keyof AudioProcessing, unknown>>;
}

function load(storage: KeyValueStorage): Pick<DevicesState, 'chosen' | 'processing'> {
  let raw: Stored = {};
  try {
    raw = (JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}') as Stored) ?? {};
  } catch {
    // A corrupt entry (edited by hand) falls back to the defaults rather than breaking the app on start.
    raw = {};
  }
  const id = (v: unknown) => (typeof v === 'string' ? v : '');
  const flag = (v: unknown, d: boolean) => (typeof v === 'boolean' ? v : d);
  return {
    chosen: {
      microphone: id(raw.chosen?.microphone),
      speaker: id(raw.chosen?.speaker),
      camera: id(raw.chosen?.camera),
    },
    processing: {
      echoCancellation: flag(raw.processing?.echoCancellation, true),
      noiseSuppression: flag(raw.processing?.noiseSuppression, true),
      autoGainControl: flag(raw.processing?.autoGainControl, true),
    },
  };
}

export function createDevicesStore(
  storage: KeyValueStorage,
  media: MediaDevicesLike | null,
  canChooseSpeaker: boolean,
) {
  const [state, setState] = createStore<DevicesState>({
    microphones: [{ deviceId: '', label: 'Default microphone' }],
    speakers: [{ deviceId: '', label: 'Default speaker' }],
    cameras: [{ deviceId: '', label: 'Default camera' }],
    ...load(storage),
    notice: null,
    canChooseSpeaker,
  });
  const lostListeners = new Set<(kind: DeviceKind) => void>();
  /** What the system default of each kind was at the last listing (null: not known). */
  const defaults: Record<DeviceKind, string | null> = { microphone: null, speaker: null, camera: null };

  function save(): void {
    storage.setItem(STORAGE_KEY, JSON.stringify({ chosen: state.chosen, processing: state.processing }));
  }

  async function refresh(): Promise<void> {
    if (media === null) return;
    const devices = await media.enumerateDevices();
    const next = {
      microphone: deviceOptions(devices, 'microphone'),
      speaker: deviceOptions(devices, 'speaker'),
      camera: deviceOptions(devices, 'camera'),
    };
    const lost: DeviceKind[] = [];
    const notices: string[] = [];
    const chosen = { ...state.chosen };
    for (const kind of ['microphone', 'speaker', 'camera'] as const) {
      const before = kind === 'microphone' ? state.microphones : kind === 'speaker' ? state.speakers : state.cameras;
      // Before the first listing the "before" list is only the default: a stored choice not listed yet is not "lost".
      if (before.length <= 1) continue;
      const result = fallbackAfterChange(before, next[kind], chosen[kind], kind);
      if (result.chosen !== chosen[kind]) {
        chosen[kind] = result.chosen;
        lost.push(kind);
        if (result.notice !== null) notices.push(result.notice);
      }
    }
    // The person uses the system default and it moved to another device (a headset plugged in, the old default gone):
    // the microphone in use is still the old one until it is opened again.
    for (const kind of ['microphone', 'speaker'] as const) {
      const now = defaultDeviceLabel(devices, kind);
      const was = defaults[kind];
      defaults[kind] = now;
      if (was === null || now === null || now === was || chosen[kind] !== '' || lost.includes(kind)) continue;
      lost.push(kind);
      notices.push(`The default ${NOUN[kind].toLowerCase()} is now ${now}; switched to it.`);
    }
    setState({ microphones: next.microphone, speakers: next.speaker, cameras: next.camera, chosen });
    if (lost.length > 0) {
      setState('notice', notices.join(' '));
      save();
      for (const kind of lost) for (const listener of [...lostListeners]) listener(kind);
    }
  }

  const onDeviceChange = () => {
    refresh().catch((error: unknown) => console.debug('[tgcall] devices not listed', error));
  };
  media?.addEventListener('devicechange', onDeviceChange);

  return {
    state,
    refresh,

    choose(kind: DeviceKind, deviceId: string): void {
      setState('chosen', kind, deviceId);
      setState('notice', null);
      save();
    },

    setProcessing(key: keyof AudioProcessing, on: boolean): void {
      setState('processing', key, on);
      save();
    },

    /** Says something happened to a device (an unplugged microphone's fallback) where the pickers are. */
    tell(notice: string | null): void {
      setState('notice', notice);
    },

    /** The chosen microphone's constraints (exact device, the processing switches). */
    microphoneConstraints(deviceId = state.chosen.microphone): MediaTrackConstraints {
      return { ...(deviceId !== '' ? { deviceId: { exact: deviceId } } : {}), ...state.processing };
    },

    /** Opens the chosen microphone (asks for permission when the browser has to); then lists the devices again, now labelled. */
    async openMicrophone(): Promise<MediaStreamTrack> {
      if (media === null) throw new DOMException('This browser has no media devices', 'NotFoundError');
      const stream = await media.getUserMedia({ audio: this.microphoneConstraints(), video: false });
      const track = stream.getAudioTracks()[0];
      if (track === undefined) throw new DOMException('getUserMedia returned no audio track', 'NotFoundError');
      void refresh().catch((error: unknown) => console.debug('[tgcall] devices not listed', error));
      return track;
    },

    /**
     * Called when the device in use of a kind changed without the person asking: the chosen one disappeared and the
     * default took its place, or the system default itself moved to another device. The notice says which.
     */
    onDeviceLost(listener: (kind: DeviceKind) => void): () => void {
      lostListeners.add(listener);
      return () => lostListeners.delete(listener);
    },

    dispose(): void {
      media?.removeEventListener('devicechange', onDeviceChange);
    },
  };
}

export type DevicesStore = ReturnType<typeof createDevicesStore>;
