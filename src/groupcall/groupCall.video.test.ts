// GroupCall's camera and remote video over a scripted TelegramApi and fake transports: video_stopped in the join and in
// editGroupCallParticipant, the camera track on the connection, remote participants' video as tracks with typed events.

import { describe, expect, it } from 'vitest';
import { CallError } from './callError';
import type { RemoteVideosChangedEvent } from './groupCallEvents';
import { connectionUpdate, participant, participantsUpdate, SERVER_TRANSPORT, updatesOf } from './testing/callFixtures';
import { groupCallHarness, rpcError } from './testing/groupCallHarness';
import { videoReceivePlan } from './remoteVideo';

interface FakeCamera {
  kind: 'video';
  stopped: boolean;
  stop(): void;
  addEventListener(type: 'ended', listener: () => void): void;
  end(): void;
}

function fakeCamera(): FakeCamera {
  const listeners: (() => void)[] = [];
  return {
    kind: 'video',
    stopped: false,
    stop() {
      this.stopped = true;
    },
    addEventListener(_type, listener) {
      listeners.push(listener);
    },
    end() {
      for (const l of listeners) l();
    },
  };
}

const VIDEO = (paused = false) => ({
  _: 'groupCallParticipantVideo' as const,
  endpoint: 'endpoint-2',
  paused: paused || undefined,
  source_groups: [{ _: 'groupCallParticipantVideoSourceGroup' as const, semantics: 'FID', sources: [5001, 5002] }],
});

async function joinedWithCamera() {
  const camera = fakeCamera();
  const h = groupCallHarness({ camera: async () => camera as unknown as MediaStreamTrack });
  const done = h.call.join();
  await h.settle();
  await done;
  return { h, camera };
}

function videoEvents(h: ReturnType<typeof groupCallHarness>): RemoteVideosChangedEvent[] {
  return h.events.flatMap(([name, payload]) => (name === 'remoteVideosChanged' ? [payload] : []));
}

describe('GroupCall: own camera', () => {
  it('turns the camera on: the track goes on the connection, then video_stopped false; off stops it and says so', async () => {
    const { h, camera } = await joinedWithCamera();
    expect(h.api.callsOf('phone.joinGroupCall')[0].video_stopped).toBe(true);
    await h.call.setCameraEnabled(true);
    expect(h.transports.last.videoTrack).toBe(camera);
    expect(h.call.localVideo).toBe(camera);
    expect(h.api.callsOf('phone.editGroupCallParticipant').map((p) => p.video_stopped)).toEqual([false]);
    await h.call.setCameraEnabled(false);
    expect(camera.stopped).toBe(true);
    expect(h.transports.last.videoTrack).toBeNull();
    expect(h.call.localVideo).toBeNull();
    expect(h.api.callsOf('phone.editGroupCallParticipant').map((p) => p.video_stopped)).toEqual([false, true]);
    const local = h.events.flatMap(([name, payload]) => (name === 'localVideoChanged' ? [payload] : []));
    expect(local).toEqual([
      { track: camera, paused: false },
      { track: null, paused: false },
    ]);
  });

  it('a rejoin keeps the camera: the new connection sends it and the new join says video_stopped false', async () => {
    const { h, camera } = await joinedWithCamera();
    await h.call.setCameraEnabled(true);
    // The media goes down and the server has forgotten the source: a rejoin.
    h.knownSources.value = [];
    h.transports.last.setState('disconnected');
    await h.settle();
    await h.clock.advance(0);
    await h.settle();
    h.knownSources.value = null;
    await h.clock.advance(2_000);
    await h.settle();
    const joins = h.api.callsOf('phone.joinGroupCall');
    expect(joins).toHaveLength(2);
    expect(joins[1].video_stopped).toBe(false);
    expect(h.transports.created).toHaveLength(2);
    expect(h.transports.last.videoTrack).toBe(camera);
    expect(camera.stopped).toBe(false);
  });

  it('a server that took no video: camera refused with video-unavailable, the camera released', async () => {
    const camera = fakeCamera();
    const h = groupCallHarness({ camera: async () => camera as unknown as MediaStreamTrack });
    const done = h.call.join();
    await h.settle();
    await done;
    h.transports.last.videoAccepted = false;
    await expect(h.call.setCameraEnabled(true)).rejects.toMatchObject({ reason: 'video-unavailable' });
    expect(camera.stopped).toBe(true);
    expect(h.api.callsOf('phone.editGroupCallParticipant')).toHaveLength(0);
  });

  it('a denied camera is a camera-denied CallError, nothing sent', async () => {
    const h = groupCallHarness({ camera: async () => Promise.reject(new DOMException('no', 'NotAllowedError')) });
    const done = h.call.join();
    await h.settle();
    await done;
    const error: unknown = await h.call.setCameraEnabled(true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallError);
    expect((error as CallError).reason).toBe('camera-denied');
    expect(h.api.callsOf('phone.editGroupCallParticipant')).toHaveLength(0);
  });

  it('the camera track ending (unplugged) turns the camera off and tells the call', async () => {
    const { h, camera } = await joinedWithCamera();
    await h.call.setCameraEnabled(true);
    camera.end();
    await h.settle();
    expect(h.call.localVideo).toBeNull();
    expect(h.api.callsOf('phone.editGroupCallParticipant').map((p) => p.video_stopped)).toEqual([false, true]);
  });

  it('pausing sends video_paused and takes the track off the connection without stopping the camera', async () => {
    const { h, camera } = await joinedWithCamera();
    await h.call.setCameraEnabled(true);
    await h.call.setVideoPaused(true);
    expect(h.transports.last.videoTrack).toBeNull();
    expect(camera.stopped).toBe(false);
    expect(h.api.callsOf('phone.editGroupCallParticipant').at(-1)?.video_paused).toBe(true);
    await h.call.setVideoPaused(false);
    expect(h.transports.last.videoTrack).toBe(camera);
  });
});

const FULL_CALL = {
  _: 'groupCall' as const,
  id: '777',
  access_hash: '888',
  participants_count: 3,
  unmuted_video_count: 2,
  unmuted_video_limit: 2,
  version: 5,
};

function answersGetGroupCall(h: ReturnType<typeof groupCallHarness>): void {
  h.api.on('phone.getGroupCall', () => ({
    _: 'phone.groupCall' as const,
    call: FULL_CALL,
    participants: [],
    participants_next_offset: '',
    chats: [],
    users: [],
  }));
}

describe('GroupCall: camera before joining, and the call full of cameras', () => {
  it('a camera turned on before joining goes into the first phone.joinGroupCall (video_stopped false, on the first connection)', async () => {
    const camera = fakeCamera();
    const h = groupCallHarness({ initialCamera: camera as unknown as MediaStreamTrack });
    const done = h.call.join();
    await h.settle();
    await done;
    const joins = h.api.callsOf('phone.joinGroupCall');
    expect(joins).toHaveLength(1);
    expect(joins[0].video_stopped).toBe(false);
    expect(h.transports.created).toHaveLength(1);
    expect(h.transports.last.videoTrack).toBe(camera);
    expect(h.call.localVideo).toBe(camera);
    expect(h.api.callsOf('phone.editGroupCallParticipant')).toHaveLength(0);
  });

  it('GROUPCALL_VIDEO_TOO_MUCH at join: joins again without the camera, releases it, says why and reloads the call', async () => {
    const camera = fakeCamera();
    const h = groupCallHarness({ initialCamera: camera as unknown as MediaStreamTrack });
    answersGetGroupCall(h);
    let first = true;
    h.api.on('phone.joinGroupCall', () => {
      if (first) {
        first = false;
        throw rpcError('GROUPCALL_VIDEO_TOO_MUCH');
      }
      return updatesOf(connectionUpdate());
    });
    const done = h.call.join();
    await h.settle();
    await done;
    expect(h.api.callsOf('phone.joinGroupCall').map((j) => j.video_stopped)).toEqual([false, true]);
    expect(h.transports.created).toHaveLength(2);
    expect(h.transports.last.videoTrack).toBeNull();
    expect(camera.stopped).toBe(true);
    expect(h.call.localVideo).toBeNull();
    expect(h.call.state).toBe('connected');
    const errors = h.events.flatMap(([name, payload]) => (name === 'error' ? [payload] : []));
    expect(errors.map((e) => e.rpcType)).toContain('GROUPCALL_VIDEO_TOO_MUCH');
    expect(h.api.callsOf('phone.getGroupCall')).toHaveLength(1);
    expect(h.call.info).toMatchObject({ unmuted_video_count: 2, unmuted_video_limit: 2 });
  });

  it('GROUPCALL_VIDEO_TOO_MUCH when turning the camera on: refused with that type, the camera released, the call reloaded', async () => {
    const { h, camera } = await joinedWithCamera();
    answersGetGroupCall(h);
    h.api.on('phone.editGroupCallParticipant', () => {
      throw rpcError('GROUPCALL_VIDEO_TOO_MUCH');
    });
    await expect(h.call.setCameraEnabled(true)).rejects.toMatchObject({ rpcType: 'GROUPCALL_VIDEO_TOO_MUCH' });
    expect(camera.stopped).toBe(true);
    expect(h.call.localVideo).toBeNull();
    await h.settle();
    expect(h.api.callsOf('phone.getGroupCall')).toHaveLength(1);
  });
});

describe('GroupCall: remote video', () => {
  it("a participant's video becomes an m-line (primary SSRC + FID) and a RemoteVideo; stopping it removes both", async () => {
    const { h } = await joinedWithCamera();
    h.api.push(participantsUpdate(2, participant('2', 222, { versioned: true, video: VIDEO() })));
    await h.settle();
    const batch = h.transports.last.batches.find((b) => b.add?.some((s) => s.kind === 'video'));
    expect(batch?.add?.find((s) => s.kind === 'video')).toMatchObject({
      ssrc: 5001,
      ssrcGroups: [{ semantics: 'FID', sources: [5001, 5002] }],
      streamId: 'tg-user-2',
    });
    const videos = h.call.remoteVideos;
    expect(videos).toHaveLength(1);
    expect(videos[0]).toMatchObject({
      peerId: 'user:2',
      kind: 'camera',
      endpoint: 'endpoint-2',
      ssrc: 5001,
      paused: false,
    });
    expect(videos[0].track.kind).toBe('video');

    h.api.push(participantsUpdate(3, participant('2', 222, { versioned: true, video: VIDEO(true) })));
    await h.settle();
    expect(h.call.remoteVideos[0].paused).toBe(true);

    h.api.push(participantsUpdate(4, participant('2', 222, { versioned: true })));
    await h.settle();
    expect(h.call.remoteVideos).toEqual([]);
    expect(h.transports.last.sources.has(5001)).toBe(false);
    expect(videoEvents(h).map((e) => e.videos.length)).toEqual([1, 1, 0]);
  });

  it('no remote video while only audio is present; remote audio is not played as video nor video as audio', async () => {
    const { h } = await joinedWithCamera();
    h.api.push(participantsUpdate(2, participant('3', 333, { versioned: true })));
    await h.settle();
    expect(h.call.remoteVideos).toEqual([]);
    expect(videoEvents(h)).toEqual([]);
  });
});

function fakeScreen() {
  const video = { ...fakeCamera() };
  const audio = {
    kind: 'audio' as const,
    stopped: false,
    stop() {
      this.stopped = true;
    },
  };
  return {
    video,
    audio,
    captured: { video: video as unknown as MediaStreamTrack, audio: audio as unknown as MediaStreamTrack },
  };
}

const presentationUpdate = () => ({
  _: 'updateGroupCallConnection' as const,
  presentation: true,
  params: { _: 'dataJSON' as const, data: JSON.stringify(SERVER_TRANSPORT) },
});

async function joinedWithScreen() {
  const screen = fakeScreen();
  const h = groupCallHarness({ screen: async () => screen.captured });
  h.api.on('phone.joinGroupCallPresentation', () => updatesOf(presentationUpdate()));
  h.api.on('phone.leaveGroupCallPresentation', () => updatesOf());
  const done = h.call.join();
  await h.settle();
  await done;
  return { h, screen, main: h.transports.last };
}

describe('GroupCall: screen sharing', () => {
  it('shares on a second connection (joinGroupCallPresentation, its own transport JSON), and stops with leaveGroupCallPresentation', async () => {
    const { h, screen, main } = await joinedWithScreen();
    await h.call.startScreenSharing();
    expect(h.transports.created).toHaveLength(2);
    const share = h.transports.last;
    expect(share).not.toBe(main);
    expect(share.videoTrack).toBe(screen.captured.video);
    expect(share.applied).toEqual([SERVER_TRANSPORT]);
    const [joined] = h.api.callsOf('phone.joinGroupCallPresentation');
    expect(JSON.parse(joined.params._ === 'dataJSON' ? joined.params.data : '')).toMatchObject({
      ssrc: share.ssrc | 0,
    });
    expect(h.call.localScreen).toBe(screen.captured.video);
    expect(main.closed).toBe(false);

    await h.call.stopScreenSharing();
    expect(share.closed).toBe(true);
    expect(screen.video.stopped).toBe(true);
    expect(screen.audio.stopped).toBe(true);
    expect(h.api.callsOf('phone.leaveGroupCallPresentation')).toHaveLength(1);
    const shared = h.events.flatMap(([name, payload]) => (name === 'screenSharingChanged' ? [payload] : []));
    expect(shared).toEqual([
      { track: screen.captured.video, paused: false },
      { track: null, paused: false },
    ]);
  });

  it('pausing the screen sends presentation_paused and disables the capture without ending it; resuming undoes both', async () => {
    const { h, screen } = await joinedWithScreen();
    await h.call.startScreenSharing();
    await h.call.setScreenPaused(true);
    expect(h.api.callsOf('phone.editGroupCallParticipant').map((p) => p.presentation_paused)).toEqual([true]);
    expect((screen.captured.video as unknown as { enabled: boolean }).enabled).toBe(false);
    expect(screen.video.stopped).toBe(false);
    expect(h.call.localScreenPaused).toBe(true);
    await h.call.setScreenPaused(false);
    expect(h.api.callsOf('phone.editGroupCallParticipant').map((p) => p.presentation_paused)).toEqual([true, false]);
    expect((screen.captured.video as unknown as { enabled: boolean }).enabled).toBe(true);
    const shared = h.events.flatMap(([name, payload]) => (name === 'screenSharingChanged' ? [payload] : []));
    expect(shared.map((e) => (e as { paused: boolean }).paused)).toEqual([false, true, false]);
  });

  it("the browser's own Stop sharing (the track ends) leaves the presentation", async () => {
    const { h, screen } = await joinedWithScreen();
    await h.call.startScreenSharing();
    screen.video.end();
    await h.settle();
    expect(h.call.localScreen).toBeNull();
    expect(h.api.callsOf('phone.leaveGroupCallPresentation')).toHaveLength(1);
  });

  it('GROUPCALL_SSRC_DUPLICATE_MUCH: a fresh connection; a refusal releases everything and says why', async () => {
    const { h, screen } = await joinedWithScreen();
    let first = true;
    h.api.on('phone.joinGroupCallPresentation', () => {
      if (first) {
        first = false;
        throw rpcError('GROUPCALL_SSRC_DUPLICATE_MUCH');
      }
      return updatesOf(presentationUpdate());
    });
    await h.call.startScreenSharing();
    expect(h.transports.created).toHaveLength(3);
    expect(h.transports.created[1].closed).toBe(true);
    await h.call.stopScreenSharing();

    h.api.on('phone.joinGroupCallPresentation', () => {
      throw rpcError('GROUPCALL_JOIN_MISSING');
    });
    const error: unknown = await h.call.startScreenSharing().catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'request-failed', rpcType: 'GROUPCALL_JOIN_MISSING' });
    expect(h.call.localScreen).toBeNull();
    expect(h.transports.last.closed).toBe(true);
    expect(screen.video.stopped).toBe(true);
  });

  it('checkGroupCall asks about both sources; a forgotten screen source rejoins the presentation only', async () => {
    const { h, main } = await joinedWithScreen();
    await h.call.startScreenSharing();
    const share = h.transports.last;
    h.knownSources.value = [main.ssrc | 0, share.ssrc | 0];
    await h.clock.advance(8_000);
    await h.settle();
    expect(h.api.callsOf('phone.checkGroupCall')).toEqual([]); // both connections up: no polling
    // The screen's connection drops: both sources are asked about while it is down.
    share.setState('disconnected');
    await h.settle();
    await h.clock.advance(0);
    await h.settle();
    expect(h.api.callsOf('phone.checkGroupCall').at(-1)?.sources).toEqual([main.ssrc | 0, share.ssrc | 0]);
    // The server knows the main source only.
    h.knownSources.value = [main.ssrc | 0];
    await h.clock.advance(4_000);
    await h.settle();
    expect(h.api.callsOf('phone.joinGroupCallPresentation')).toHaveLength(2);
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(1);
    expect(share.closed).toBe(true);
    expect(h.transports.last).not.toBe(share);
    expect(h.transports.last.applied).toHaveLength(1);
    expect(main.closed).toBe(false);
    expect(h.call.localScreen).not.toBeNull();
  });

  it('the screen connection failing rejoins the presentation; after three failures in a row sharing stops', async () => {
    const { h, screen } = await joinedWithScreen();
    h.transports.autoConnect = false;
    await h.call.startScreenSharing();
    for (let i = 0; i < 3; i++) {
      h.transports.last.setState('failed');
      await h.settle();
    }
    expect(h.api.callsOf('phone.joinGroupCallPresentation')).toHaveLength(4);
    h.transports.last.setState('failed');
    await h.settle();
    expect(h.call.localScreen).toBeNull();
    expect(screen.video.stopped).toBe(true);
    expect(h.api.callsOf('phone.leaveGroupCallPresentation')).toHaveLength(1);
  });

  it("a participant's presentation is received as a 'screen' video with its sound", async () => {
    const { h } = await joinedWithScreen();
    h.api.push(
      participantsUpdate(
        2,
        participant('2', 222, {
          versioned: true,
          presentation: {
            ...VIDEO(),
            endpoint: 'endpoint-2#presentation',
            audio_source: 6000,
            source_groups: [{ _: 'groupCallParticipantVideoSourceGroup', semantics: 'FID', sources: [6001, 6002] }],
          },
        }),
      ),
    );
    await h.settle();
    expect(h.call.remoteVideos).toMatchObject([
      { peerId: 'user:2', kind: 'screen', ssrc: 6001, endpoint: 'endpoint-2#presentation' },
    ]);
    expect(h.transports.last.sources.has(6000)).toBe(true);
  });
});

describe('GroupCall: ReceiverVideoConstraints on the data channel', () => {
  const last = (sent: string[]) =>
    JSON.parse(sent.at(-1) ?? 'null') as {
      colibriClass: string;
      constraints: Record<string, { minHeight: number; maxHeight: number }>;
      defaultConstraints: { maxHeight: number };
      onStageEndpoints: string[];
    } | null;

  it('asks for every video it shows when the channel opens, at 360; the staged one at 720 and on stage; every 5 s again', async () => {
    const { h } = await joinedWithCamera();
    const main = h.transports.last;
    h.api.push(participantsUpdate(2, participant('2', 222, { versioned: true, video: VIDEO() })));
    await h.settle();
    expect(main.sentData).toEqual([]); // not open yet
    main.openDataChannel();
    expect(last(main.sentData)).toEqual({
      colibriClass: 'ReceiverVideoConstraints',
      constraints: { 'endpoint-2': { minHeight: 360, maxHeight: 360 } },
      defaultConstraints: { maxHeight: 0 },
      onStageEndpoints: [],
    });
    h.call.setStageVideo('endpoint-2');
    expect(last(main.sentData)?.constraints['endpoint-2']).toEqual({ minHeight: 720, maxHeight: 720 });
    expect(last(main.sentData)?.onStageEndpoints).toEqual(['endpoint-2']);
    const count = main.sentData.length;
    await h.clock.advance(5_000);
    await h.settle();
    expect(main.sentData.length).toBe(count + 1);
    // The video goes: nothing is asked for any more.
    h.api.push(participantsUpdate(3, participant('2', 222, { versioned: true })));
    await h.settle();
    expect(last(main.sentData)?.constraints).toEqual({});
  });

  it('past four videos the others are thumbnails (180), as Telegram Desktop asks', async () => {
    const { h } = await joinedWithCamera();
    const main = h.transports.last;
    main.openDataChannel();
    const people = [2, 3, 4, 5, 6].map((n) =>
      participant(String(n), n * 100, {
        versioned: true,
        video: {
          ...VIDEO(),
          endpoint: `e${n}`,
          source_groups: [
            { _: 'groupCallParticipantVideoSourceGroup' as const, semantics: 'FID', sources: [n * 1000, n * 1000 + 1] },
          ],
        },
      }),
    );
    h.api.push(participantsUpdate(2, ...people));
    await h.settle();
    const heights = Object.values(last(main.sentData)?.constraints ?? {}).map((c) => c.maxHeight);
    expect(heights).toEqual([180, 180, 180, 180, 180]);
    // The UI asks for one tile at the size it is shown (e.g. a large one), then back to the rule.
    h.call.setVideoQuality('e3', 'full');
    expect(last(main.sentData)?.constraints.e3).toEqual({ minHeight: 720, maxHeight: 720 });
    expect(last(main.sentData)?.constraints.e2).toEqual({ minHeight: 180, maxHeight: 180 });
    h.call.setVideoQuality('e3', null);
    expect(last(main.sentData)?.constraints.e3).toEqual({ minHeight: 180, maxHeight: 180 });
  });
});

describe('GroupCall: SenderVideoConstraints from the server', () => {
  const sender = (idealHeight: number) =>
    JSON.stringify({ colibriClass: 'SenderVideoConstraints', videoConstraints: { idealHeight } });

  it('limits the camera layers to what anyone watches: higher at once, lower after 2 s unless it rises again', async () => {
    const { h } = await joinedWithCamera();
    const main = h.transports.last;
    main.receiveData(sender(720));
    expect(main.layerLimits).toEqual([720]);
    main.receiveData(sender(180));
    await h.clock.advance(1_000);
    expect(main.layerLimits).toEqual([720]); // not yet
    main.receiveData(sender(360)); // the lower one is replaced before it applied
    await h.clock.advance(1_999);
    expect(main.layerLimits).toEqual([720]);
    await h.clock.advance(1);
    expect(main.layerLimits).toEqual([720, 360]);
    main.receiveData(sender(0));
    await h.clock.advance(2_000);
    expect(main.layerLimits).toEqual([720, 360, 0]);
    main.receiveData(sender(720));
    expect(main.layerLimits).toEqual([720, 360, 0, 720]);
    // Anything else on the channel changes nothing.
    for (const text of ['not json', '{"colibriClass":"DominantSpeakerEndpointChangeEvent"}', sender(-1)])
      main.receiveData(text);
    await h.clock.advance(5_000);
    expect(main.layerLimits).toEqual([720, 360, 0, 720]);
  });
});

describe('videoReceivePlan', () => {
  it('simulcast from a native client: the first SIM SSRC and its FID pair only', () => {
    const plan = videoReceivePlan(
      {
        _: 'groupCallParticipantVideo',
        endpoint: 'e',
        source_groups: [
          { _: 'groupCallParticipantVideoSourceGroup', semantics: 'SIM', sources: [10, 12, 14] },
          { _: 'groupCallParticipantVideoSourceGroup', semantics: 'FID', sources: [10, 11] },
          { _: 'groupCallParticipantVideoSourceGroup', semantics: 'FID', sources: [12, 13] },
          { _: 'groupCallParticipantVideoSourceGroup', semantics: 'FID', sources: [14, 15] },
        ],
      },
      's',
    );
    expect(plan?.ssrc).toBe(10);
    expect(plan?.source.ssrcGroups).toEqual([{ semantics: 'FID', sources: [10, 11] }]);
  });

  it('signed SSRCs stay signed; no groups is no plan', () => {
    const plan = videoReceivePlan(
      {
        _: 'groupCallParticipantVideo',
        endpoint: 'e',
        source_groups: [{ _: 'groupCallParticipantVideoSourceGroup', semantics: 'FID', sources: [-5, -4] }],
      },
      's',
    );
    expect(plan?.ssrc).toBe(-5);
    expect(videoReceivePlan({ _: 'groupCallParticipantVideo', endpoint: 'e', source_groups: [] }, 's')).toBeNull();
  });
});
