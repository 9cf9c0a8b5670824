// The camera preview before joining: on (the track), off (stopped), handed to the call (kept running), a refusal said
// with how to allow it, an answer that comes after "off" dropped, and the preview stopped when the page goes.
import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { createCameraPreviewStore } from './cameraPreviewStore';

function fakeTrack() {
  const listeners: (() => void)[] = [];
  return {
    kind: 'video',
    readyState: 'live' as MediaStreamTrackState,
    stopped: false,
    stop() {
      this.stopped = true;
      this.readyState = 'ended';
    },
    addEventListener(_type: 'ended', listener: () => void) {
      listeners.push(listener);
    },
    end() {
      this.readyState = 'ended';
      for (const l of listeners) l();
    },
  };
}
type FakeTrack = ReturnType<typeof fakeTrack>;
const asTrack = (t: FakeTrack) => t as unknown as MediaStreamTrack;

describe('cameraPreviewStore', () => {
  it('on gives the track; off stops it; on again, then handed to the call: the call gets it running', async () => {
    const opened: FakeTrack[] = [];
    await createRoot(async (dispose) => {
      const store = createCameraPreviewStore(async () => {
        const t = fakeTrack();
        opened.push(t);
        return asTrack(t);
      });
      await store.setOn(true);
      expect(store.state.track).toBe(opened[0]);
      await store.setOn(false);
      expect(opened[0].stopped).toBe(true);
      expect(store.state.track).toBeNull();
      await store.setOn(true);
      const taken = store.take();
      expect(taken).toBe(opened[1]);
      expect(opened[1].stopped).toBe(false);
      expect(store.state.track).toBeNull();
      dispose();
      // The call owns it now: the page going does not stop it.
      expect(opened[1].stopped).toBe(false);
    });
  });

  it('nothing to hand over while off; a preview the person leaves behind is stopped with the page', async () => {
    const t = fakeTrack();
    await createRoot(async (dispose) => {
      const store = createCameraPreviewStore(async () => asTrack(t));
      expect(store.take()).toBeNull();
      await store.setOn(true);
      dispose();
    });
    expect(t.stopped).toBe(true);
  });

  it('a denied camera says so and how to allow it; no camera is another sentence', async () => {
    await createRoot(async () => {
      const denied = createCameraPreviewStore(async () => Promise.reject(new DOMException('no', 'NotAllowedError')));
      await denied.setOn(true);
      expect(denied.state.track).toBeNull();
      expect(denied.state.denied).toBe(true);
      expect(denied.state.error).toMatch(/denied/i);
      const missing = createCameraPreviewStore(async () => Promise.reject(new DOMException('no', 'NotFoundError')));
      await missing.setOn(true);
      expect(missing.state.denied).toBe(false);
      expect(missing.state.error).toMatch(/No camera/);
    });
  });

  it('turned off before the camera answered: the late track is stopped, the preview stays off', async () => {
    const t = fakeTrack();
    let answer: (track: MediaStreamTrack) => void = () => undefined;
    await createRoot(async () => {
      const store = createCameraPreviewStore(() => new Promise((resolve) => (answer = resolve)));
      const on = store.setOn(true);
      await store.setOn(false);
      answer(asTrack(t));
      await on;
      expect(t.stopped).toBe(true);
      expect(store.state.track).toBeNull();
    });
  });

  it('a camera unplugged while previewing turns the preview off', async () => {
    const t = fakeTrack();
    await createRoot(async () => {
      const store = createCameraPreviewStore(async () => asTrack(t));
      await store.setOn(true);
      t.end();
      expect(store.state.track).toBeNull();
      expect(store.take()).toBeNull();
    });
  });
});
