// The call screen's video state over a real GroupCall (scripted TelegramApi, fake transports): the camera button's
// block (not connected, the call's video limit reached, no video in this call), the own camera and remote videos.
import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import type { GroupCall as TelegramGroupCall } from '../../telegram/tl/api.generated';
import type { GroupCall } from '../../groupcall';
import { CALL, participant, participantsUpdate, updatesOf } from '../../groupcall/testing/callFixtures';
import { RpcError } from '../../telegram/rpcError';
import { groupCallHarness } from '../../groupcall/testing/groupCallHarness';
import { createCallVideoStore } from './callVideoStore';

const info = (count: number, limit = 2): TelegramGroupCall => ({
  _: 'groupCall',
  id: CALL.id,
  access_hash: CALL.access_hash,
  participants_count: 2,
  unmuted_video_count: count,
  unmuted_video_limit: limit,
  version: 1,
});

function cameraTrack() {
  return { kind: 'video', stop() {}, addEventListener() {} } as unknown as MediaStreamTrack;
}

/** The call store's side of it: one engine, given at once. */
const sourceOf = (call: GroupCall) => ({
  watchEngine(listener: (c: GroupCall | null) => void): () => void {
    listener(call);
    return () => undefined;
  },
});

describe('callVideoStore', () => {
  it('the camera is blocked until connected, and while the call has its limit of cameras; then on and off', async () => {
    const h = groupCallHarness({ info: info(2), camera: async () => cameraTrack() });
    const store = createRoot(() => createCallVideoStore(sourceOf(h.call)));
    expect(store.state.block).toBe('not-connected');
    const joined = h.call.join();
    await h.settle();
    await joined;
    expect(store.state.block).toBe('limit-reached');
    expect(store.state.limit).toBe(2);
    // Someone turned a camera off: updateGroupCall with one fewer.
    h.api.push({ _: 'updateGroupCall', chat_id: '1', call: info(1) });
    await h.settle();
    expect(store.state.block).toBeNull();
    await store.setCameraEnabled(true);
    expect(store.state.local).not.toBeNull();
    expect(store.state.error).toBeNull();
    await store.setCameraEnabled(false);
    expect(store.state.local).toBeNull();
  });

  it('a server that took no video: the camera says so; a remote camera appears in `remote`', async () => {
    const h = groupCallHarness({ camera: async () => cameraTrack() });
    const store = createRoot(() => createCallVideoStore(sourceOf(h.call)));
    h.transports.autoConnect = true;
    const joined = h.call.join();
    await h.settle();
    await joined;
    expect(store.state.block).toBeNull();
    h.api.push(
      participantsUpdate(
        2,
        participant('2', 222, {
          versioned: true,
          video: {
            _: 'groupCallParticipantVideo',
            endpoint: 'e2',
            source_groups: [{ _: 'groupCallParticipantVideoSourceGroup', semantics: 'FID', sources: [700, 701] }],
          },
        }),
      ),
    );
    await h.settle();
    expect(store.state.remote.map((v) => [v.peerId, v.kind, v.endpoint])).toEqual([['user:2', 'camera', 'e2']]);
    h.transports.last.videoAccepted = false;
    await store.setCameraEnabled(true);
    expect(store.state.local).toBeNull();
    expect(store.state.error).toMatch(/Video cannot be sent/);
  });

  it('past the limit: the refusal says "video limit reached" (video-limit); pausing shows as paused and back', async () => {
    const h = groupCallHarness({ info: info(1), camera: async () => cameraTrack() });
    const store = createRoot(() => createCallVideoStore(sourceOf(h.call)));
    const joined = h.call.join();
    await h.settle();
    await joined;
    expect(store.state.block).toBeNull();
    // Someone took the last place first: the server refuses the camera.
    h.api.on('phone.getGroupCall', () => ({
      _: 'phone.groupCall' as const,
      call: info(2),
      participants: [],
      participants_next_offset: '',
      chats: [],
      users: [],
    }));
    h.api.on('phone.editGroupCallParticipant', () => {
      throw new RpcError(400, 'GROUPCALL_VIDEO_TOO_MUCH');
    });
    await store.setCameraEnabled(true);
    expect(store.state.local).toBeNull();
    expect(store.state.errorReason).toBe('video-limit');
    expect(store.state.error).toMatch(/^Video limit reached/);
    await h.settle();
    // The reloaded call has the limit: the button is blocked now.
    expect(store.state.block).toBe('limit-reached');

    // A place frees up; the camera goes on, is paused and resumed.
    h.api.on('phone.editGroupCallParticipant', () => updatesOf());
    h.api.push({ _: 'updateGroupCall', chat_id: '1', call: info(1) });
    await h.settle();
    await store.setCameraEnabled(true);
    expect(store.state.local).not.toBeNull();
    await store.setVideoPaused(true);
    expect(store.state.localPaused).toBe(true);
    await store.setVideoPaused(false);
    expect(store.state.localPaused).toBe(false);
    // Sending video, the limit does not block the person (a place is theirs).
    h.api.push({ _: 'updateGroupCall', chat_id: '1', call: info(2) });
    await h.settle();
    expect(store.state.block).toBeNull();
  });

  it('a denied camera comes with its reason (the screen says how to allow it)', async () => {
    const h = groupCallHarness({ camera: async () => Promise.reject(new DOMException('no', 'NotAllowedError')) });
    const store = createRoot(() => createCallVideoStore(sourceOf(h.call)));
    const joined = h.call.join();
    await h.settle();
    await joined;
    await store.setCameraEnabled(true);
    expect(store.state.errorReason).toBe('camera-denied');
  });
});
