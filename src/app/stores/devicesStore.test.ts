// Device lists as pickers show them, and the fallback when a chosen device is unplugged (devicechange).
import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import {
  createDevicesStore,
  defaultDeviceLabel,
  deviceOptions,
  fallbackAfterChange,
  type MediaDevicesLike,
} from './devicesStore';

type Info = Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>;
const mic = (deviceId: string, label = ''): Info => ({ deviceId, kind: 'audioinput', label });

function memoryStorage() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

function fakeMedia(initial: Info[]) {
  let devices = initial;
  const listeners = new Set<() => void>();
  const media: MediaDevicesLike = {
    enumerateDevices: async () => devices,
    getUserMedia: async () => {
      throw new Error('not used');
    },
    addEventListener: (_t, l) => void listeners.add(l),
    removeEventListener: (_t, l) => void listeners.delete(l),
  };
  return {
    media,
    plug: (next: Info[]) => {
      devices = next;
      for (const l of listeners) l();
    },
  };
}

describe('devices', () => {
  it('lists the default first, each device once, Chromium aliases folded, unlabelled ones numbered', () => {
    expect(
      deviceOptions(
        [
          mic('default', 'Default - USB'),
          mic('a', 'USB mic'),
          mic('communications'),
          mic('b'),
          { deviceId: 'c', kind: 'videoinput', label: 'Cam' },
        ],
        'microphone',
      ),
    ).toEqual([
      { deviceId: '', label: 'Default microphone' },
      { deviceId: 'a', label: 'USB mic' },
      { deviceId: 'b', label: 'Microphone 2' },
    ]);
  });

  it('keeps a chosen device that is still there; falls back to the default naming the one that went', () => {
    const before = [
      { deviceId: '', label: 'Default microphone' },
      { deviceId: 'a', label: 'USB mic' },
    ];
    expect(fallbackAfterChange(before, before, 'a', 'microphone')).toEqual({ chosen: 'a', notice: null });
    expect(fallbackAfterChange(before, before.slice(0, 1), 'a', 'microphone')).toEqual({
      chosen: '',
      notice: 'USB mic is no longer available; using the default microphone.',
    });
  });

  it('on devicechange without the chosen microphone: default chosen and saved, a notice, listeners told', async () => {
    const storage = memoryStorage();
    const { media, plug } = fakeMedia([mic('a', 'USB mic'), mic('b', 'Built-in')]);
    await createRoot(async () => {
      const devices = createDevicesStore(storage, media, true);
      await devices.refresh();
      devices.choose('microphone', 'a');
      const lost: string[] = [];
      devices.onDeviceLost((kind) => lost.push(kind));
      plug([mic('b', 'Built-in')]);
      await expect.poll(() => lost).toEqual(['microphone']);
      expect(devices.state.chosen.microphone).toBe('');
      expect(devices.state.notice).toBe('USB mic is no longer available; using the default microphone.');
      expect(JSON.parse(storage.data.get('tgcall:devices') ?? '{}')).toMatchObject({ chosen: { microphone: '' } });
      expect(devices.microphoneConstraints()).toEqual({
        echoCancellation: true,
        noiseSuppression: true,
        autoGainControl: true,
      });
      devices.choose('microphone', 'b');
      devices.setProcessing('noiseSuppression', false);
      expect(devices.microphoneConstraints()).toEqual({
        deviceId: { exact: 'b' },
        echoCancellation: true,
        noiseSuppression: false,
        autoGainControl: true,
      });
      devices.dispose();
    });
  });

  it('names the device behind Chromium\'s "default" alias; none where the browser lists no alias', () => {
    expect(defaultDeviceLabel([mic('default', 'Default - USB headset'), mic('a', 'USB headset')], 'microphone')).toBe(
      'USB headset',
    );
    expect(defaultDeviceLabel([mic('a', 'USB headset')], 'microphone')).toBeNull();
    expect(defaultDeviceLabel([mic('default', '')], 'microphone')).toBeNull();
  });

  it('the system default moving to another device: listeners told, the notice names it; a chosen device is kept', async () => {
    const { media, plug } = fakeMedia([mic('default', 'Default - Built-in'), mic('b', 'Built-in')]);
    await createRoot(async () => {
      const devices = createDevicesStore(memoryStorage(), media, true);
      await devices.refresh();
      const changed: string[] = [];
      devices.onDeviceLost((kind) => changed.push(kind));
      plug([mic('default', 'Default - USB headset'), mic('a', 'USB headset'), mic('b', 'Built-in')]);
      await expect.poll(() => changed).toEqual(['microphone']);
      expect(devices.state.chosen.microphone).toBe('');
      expect(devices.state.notice).toBe('The default microphone is now USB headset; switched to it.');

      // Someone who picked a device keeps it when the default moves.
      devices.choose('microphone', 'b');
      plug([mic('default', 'Default - Built-in'), mic('a', 'USB headset'), mic('b', 'Built-in')]);
      await devices.refresh();
      expect(changed).toEqual(['microphone']);
      expect(devices.state.notice).toBeNull();
      devices.dispose();
    });
  });
});
