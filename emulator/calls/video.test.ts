// Video in phone.joinGroupCall / phone.editGroupCallParticipant over the seeded world and a real werift SFU: the
// transport's video section, groupCallParticipantVideo while the camera is on, video_stopped / video_paused,
// unmuted_video_count, and Telegram's errors for malformed groups and SSRCs another participant has.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TlObject, TlValue } from '../api/types';
import { until } from '../../scripts/until';
import {
  dataJson,
  mediaKeyOf,
  expectEncodes,
  expectEncodesAsResult,
  joinJson,
  makeCallsKit,
  type CallsKit,
  updatesOf,
} from './callsTestKit';

let k: CallsKit;
beforeEach(async () => {
  k = await makeCallsKit();
});
afterEach(async () => {
  await k.close();
});

const demoPeer = () => k.demoPeer();
const find = (r: TlValue, name: string): TlObject => {
  const u = updatesOf(r).find((x) => x._ === name);
  if (!u)
    throw new Error(
      `no ${name} in ${updatesOf(r)
        .map((x) => x._)
        .join(', ')}`,
    );
  return u;
};

async function createDemoCall(): Promise<TlObject> {
  const r = await k.call(1n, 'phone.createGroupCall', { peer: demoPeer(), random_id: 1, title: 'Video' });
  const gc = find(r, 'updateGroupCall').call as TlObject;
  return { _: 'inputGroupCall', id: gc.id!, access_hash: gc.access_hash! };
}

const fid = (video: number, rtx: number) => ({ semantics: 'FID', sources: [video, rtx] });
const joinWith = (key: bigint, call: TlObject, ssrc: number, groups: unknown[], extra: Record<string, TlValue> = {}) =>
  k.call(key, 'phone.joinGroupCall', {
    call,
    join_as: { _: 'inputPeerSelf' },
    params: dataJson(joinJson(ssrc, { 'ssrc-groups': groups })),
    ...extra,
  });

interface VideoSection {
  endpoint: string;
  'payload-types': {
    id: number;
    name: string;
    parameters?: Record<string, string>;
    'rtcp-fbs'?: { type: string; subtype?: string }[];
  }[];
  'rtp-hdrexts': { id: number; uri: string }[];
  server_sources: number[];
}

describe('video in a join', () => {
  it('a join with an FID group is answered with a video section: endpoint, VP8 + rtx with rtcp-fbs, extensions, server sources', async () => {
    await k.signInSeeded(0);
    await k.signInSeeded(1);
    const call = await createDemoCall();
    const r = await joinWith(2n, call, 1111, [fid(-5000, 5001)], { video_stopped: true });
    expectEncodesAsResult('phone.joinGroupCall', r);
    const transport = JSON.parse((find(r, 'updateGroupCallConnection').params as TlObject).data as string) as {
      video: VideoSection;
    };
    const bob = k.world.users.byPhone('9996610002')!.id;
    expect(transport.video.endpoint).toBe(`user:${bob}`);
    const vp8 = transport.video['payload-types'].find((p) => p.name === 'VP8')!;
    expect(vp8['rtcp-fbs']).toEqual(
      expect.arrayContaining([
        { type: 'nack' },
        { type: 'nack', subtype: 'pli' },
        { type: 'ccm', subtype: 'fir' },
        { type: 'goog-remb' },
        { type: 'transport-cc' },
      ]),
    );
    expect(transport.video['payload-types'].find((p) => p.name === 'rtx')!.parameters).toEqual({ apt: String(vp8.id) });
    expect(transport.video['rtp-hdrexts'].map((e) => e.uri)).toContain(
      'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
    );
    expect(transport.video.server_sources).toHaveLength(1);
    // Joined with the camera stopped: video_joined, no video.
    const self = (find(r, 'updateGroupCallParticipants').participants as TlObject[])[0];
    expect(self.video_joined).toBe(true);
    expect(self.video).toBeUndefined();
  });

  it('a join without groups has no video section (and never a video)', async () => {
    await k.signInSeeded(0);
    await k.signInSeeded(1);
    const call = await createDemoCall();
    const r = await joinWith(2n, call, 1111, []);
    const transport = JSON.parse((find(r, 'updateGroupCallConnection').params as TlObject).data as string) as {
      video?: unknown;
    };
    expect(transport.video).toBeUndefined();
    expect((find(r, 'updateGroupCallParticipants').participants as TlObject[])[0].video_joined).toBeUndefined();
  });

  it('camera on at join and by editGroupCallParticipant: groupCallParticipantVideo to the others, paused, stopped; unmuted_video_count follows', async () => {
    await k.signInSeeded(0);
    await k.signInSeeded(1);
    await k.signInSeeded(2);
    const call = await createDemoCall();
    await joinWith(2n, call, 1111, [fid(2222, 2223)], { video_stopped: true });
    k.pushed.length = 0;
    const carol = await joinWith(3n, call, 3333, [fid(4444, 4445)]);
    const carolId = k.world.users.byPhone('9996610003')!.id;
    const bobSaw = k.updatesPushedTo(2n).find((u) => u._ === 'updateGroupCallParticipants')!;
    expect((bobSaw.participants as TlObject[])[0].video).toEqual({
      _: 'groupCallParticipantVideo',
      endpoint: `user:${carolId}`,
      paused: undefined,
      source_groups: [{ _: 'groupCallParticipantVideoSourceGroup', semantics: 'FID', sources: [4444, 4445] }],
    });
    expect(k.updatesPushedTo(2n).find((u) => u._ === 'updateGroupCall')!.call).toMatchObject({
      unmuted_video_count: 1,
    });
    expect((find(carol, 'updateGroupCallParticipants').participants as TlObject[])[0].video).toBeDefined();

    // Bob turns his camera on.
    k.pushed.length = 0;
    const on = await k.call(2n, 'phone.editGroupCallParticipant', {
      call,
      participant: { _: 'inputPeerSelf' },
      video_stopped: false,
    });
    expectEncodesAsResult('phone.editGroupCallParticipant', on);
    const carolSaw = k.updatesPushedTo(3n).find((u) => u._ === 'updateGroupCallParticipants')!;
    expect((carolSaw.participants as TlObject[])[0]).toMatchObject({
      source: 1111,
      video: { endpoint: expect.any(String) as unknown, source_groups: [{ sources: [2222, 2223] }] },
    });
    expect(k.updatesPushedTo(3n).find((u) => u._ === 'updateGroupCall')!.call).toMatchObject({
      unmuted_video_count: 2,
    });
    for (const p of k.pushed) expectEncodes(p.updates);

    // Paused, then stopped.
    k.pushed.length = 0;
    await k.call(2n, 'phone.editGroupCallParticipant', {
      call,
      participant: { _: 'inputPeerSelf' },
      video_paused: true,
    });
    expect(
      (
        (k.updatesPushedTo(3n).find((u) => u._ === 'updateGroupCallParticipants')!.participants as TlObject[])[0]
          .video as TlObject
      ).paused,
    ).toBe(true);
    k.pushed.length = 0;
    await k.call(2n, 'phone.editGroupCallParticipant', {
      call,
      participant: { _: 'inputPeerSelf' },
      video_stopped: true,
    });
    expect(
      (k.updatesPushedTo(3n).find((u) => u._ === 'updateGroupCallParticipants')!.participants as TlObject[])[0].video,
    ).toBeUndefined();
    const got = (await k.call(3n, 'phone.getGroupCall', { call, limit: 10 })) as TlObject;
    expect((got.call as TlObject).unmuted_video_count).toBe(1);
  });

  it('tells the SFU when a camera stops, pauses or starts again (what it kept of it is from before), not on other edits', async () => {
    await k.signInSeeded(0);
    await k.signInSeeded(1);
    const call = await createDemoCall();
    await joinWith(2n, call, 1111, [fid(2222, 2223)], { video_stopped: true });
    const bobId = k.world.users.byPhone('9996610002')!.id;
    const seen = vi.spyOn(k.media, 'cameraStateChanged');
    const edit = (change: Record<string, TlValue>) =>
      k.call(2n, 'phone.editGroupCallParticipant', { call, participant: { _: 'inputPeerSelf' }, ...change });
    await edit({ video_stopped: false });
    expect(seen).toHaveBeenCalledTimes(1);
    expect(seen).toHaveBeenLastCalledWith(String(call.id as bigint), `user:${bobId}`);
    await edit({ raise_hand: true });
    expect(seen).toHaveBeenCalledTimes(1);
    await edit({ video_paused: true });
    await edit({ video_stopped: true });
    expect(seen).toHaveBeenCalledTimes(3);
  });

  it("answers DATA_JSON_INVALID for malformed groups and GROUPCALL_SSRC_DUPLICATE_MUCH for another's video SSRC; nothing half-joined", async () => {
    await k.signInSeeded(0);
    await k.signInSeeded(1);
    await k.signInSeeded(2);
    const call = await createDemoCall();
    const bad: unknown[][] = [
      [{ semantics: 'FID', sources: [10, 11, 12] }], // an FID group of three
      [{ semantics: 'FID', sources: [10] }], // of one
      [{ semantics: 'XYZ', sources: [10, 11] }], // unknown semantics
      [fid(10, 10)], // the same SSRC twice
      [fid(1111, 11)], // the audio SSRC as video
      [{ semantics: 'SIM', sources: [10, 12] }, fid(10, 11)], // SIM of two layers with one FID
      [{ semantics: 'SIM', sources: [10, 12, 14, 16] }, fid(10, 11), fid(12, 13), fid(14, 15), fid(16, 17)], // four layers
    ];
    for (const groups of bad) {
      await expect(joinWith(2n, call, 1111, groups), JSON.stringify(groups)).rejects.toMatchObject({
        type: 'DATA_JSON_INVALID',
      });
    }
    expect(k.media.sources(mediaKeyOf(call))).toEqual([]);

    // Simulcast as tgcalls joins (SIM of three, FID per layer) is accepted.
    await joinWith(2n, call, 1111, [
      { semantics: 'SIM', sources: [20, 22, 24] },
      fid(20, 21),
      fid(22, 23),
      fid(24, 25),
    ]);
    // Carol with Bob's video SSRC (as her video, as her audio) is refused.
    await expect(joinWith(3n, call, 3333, [fid(22, 99)])).rejects.toMatchObject({
      type: 'GROUPCALL_SSRC_DUPLICATE_MUCH',
    });
    await expect(joinWith(3n, call, 21, [])).rejects.toMatchObject({ type: 'GROUPCALL_SSRC_DUPLICATE_MUCH' });
    const got = (await k.call(2n, 'phone.getGroupCall', { call, limit: 10 })) as TlObject;
    expect((got.participants as TlObject[]).map((p) => p.source)).toEqual([1111]);
  });
});

describe('screen sharing (phone.joinGroupCallPresentation / leaveGroupCallPresentation)', () => {
  const present = (key: bigint, call: TlObject, ssrc: number, groups: unknown[]) =>
    k.call(key, 'phone.joinGroupCallPresentation', {
      call,
      params: dataJson(joinJson(ssrc, { 'ssrc-groups': groups })),
    });

  it('a participant shares a screen: its own connection (presentation update), `presentation` for everyone, checkGroupCall knows it; leaving ends it', async () => {
    await k.signInSeeded(0);
    await k.signInSeeded(1);
    await k.signInSeeded(2);
    const call = await createDemoCall();
    await expect(present(2n, call, 7000, [fid(7001, 7002)])).rejects.toMatchObject({ type: 'GROUPCALL_JOIN_MISSING' });
    await joinWith(2n, call, 1111, [fid(2222, 2223)], { video_stopped: true });
    await joinWith(3n, call, 3333, [fid(4444, 4445)], { video_stopped: true });
    await expect(present(2n, call, 7000, [])).rejects.toMatchObject({ type: 'DATA_JSON_INVALID' });
    await expect(present(2n, call, 7000, [fid(4444, 7002)])).rejects.toMatchObject({
      type: 'GROUPCALL_SSRC_DUPLICATE_MUCH',
    });
    await expect(present(2n, call, 1111, [fid(7001, 7002)])).rejects.toMatchObject({
      type: 'GROUPCALL_SSRC_DUPLICATE_MUCH',
    });

    k.pushed.length = 0;
    const r = await present(2n, call, 7000, [fid(7001, 7002)]);
    expectEncodesAsResult('phone.joinGroupCallPresentation', r);
    const connection = find(r, 'updateGroupCallConnection');
    expect(connection.presentation).toBe(true);
    const transport = JSON.parse((connection.params as TlObject).data as string) as { video: VideoSection };
    const bob = k.world.users.byPhone('9996610002')!.id;
    expect(transport.video.endpoint).toBe(`user:${bob}#presentation`);
    const carolSaw = k.updatesPushedTo(3n).find((u) => u._ === 'updateGroupCallParticipants')!;
    expect((carolSaw.participants as TlObject[])[0]).toMatchObject({
      source: 1111,
      presentation: {
        _: 'groupCallParticipantVideo',
        endpoint: `user:${bob}#presentation`,
        audio_source: 7000,
        source_groups: [{ sources: [7001, 7002] }],
      },
    });
    expect((carolSaw.participants as TlObject[])[0].video).toBeUndefined();
    for (const p of k.pushed) expectEncodes(p.updates);
    expect(await k.call(2n, 'phone.checkGroupCall', { call, sources: [1111, 7000, 99] })).toEqual([1111, 7000]);
    expect(k.media.sources(mediaKeyOf(call)).sort()).toEqual([1111, 3333, 7000].sort());

    k.pushed.length = 0;
    await k.call(2n, 'phone.leaveGroupCallPresentation', { call });
    const after = k.updatesPushedTo(3n).find((u) => u._ === 'updateGroupCallParticipants')!;
    expect((after.participants as TlObject[])[0].presentation).toBeUndefined();
    expect(k.media.sources(mediaKeyOf(call)).sort()).toEqual([1111, 3333].sort());
    expect(await k.call(2n, 'phone.checkGroupCall', { call, sources: [1111, 7000] })).toEqual([1111]);
  });
});

describe("the call's video limit (unmuted_video_limit, unmuted_video_count, can_start_video)", () => {
  const callOf = (r: TlValue): TlObject => (r as TlObject).call as TlObject;
  const limitTo = (call: TlObject, limit: number) => {
    const row = k.part.calls.store.get(Number(call.id))!;
    k.part.calls.setVideoLimit(k.clock.now, row, limit);
  };
  const cameraOn = (key: bigint, call: TlObject) =>
    k.call(key, 'phone.editGroupCallParticipant', { call, participant: { _: 'inputPeerSelf' }, video_stopped: false });
  const present = (key: bigint, call: TlObject, ssrc: number, groups: unknown[]) =>
    k.call(key, 'phone.joinGroupCallPresentation', {
      call,
      params: dataJson(joinJson(ssrc, { 'ssrc-groups': groups })),
    });

  it('past the limit a camera (at join, turned on, or a screen) is refused with GROUPCALL_VIDEO_TOO_MUCH; can_start_video per viewer; a place freed is offered again', async () => {
    for (const i of [0, 1, 2, 3]) await k.signInSeeded(i);
    const call = await createDemoCall();
    limitTo(call, 2);
    // Bob and Carol join with their cameras on: the call is full.
    await joinWith(2n, call, 1111, [fid(1112, 1113)]);
    await joinWith(3n, call, 3333, [fid(3334, 3335)]);
    const full = callOf(await k.call(2n, 'phone.getGroupCall', { call, limit: 10 }));
    expect(full).toMatchObject({ unmuted_video_count: 2, unmuted_video_limit: 2, can_start_video: true });

    // Dave's join with his camera on is refused, and leaves nothing behind.
    await expect(joinWith(4n, call, 5555, [fid(5556, 5557)])).rejects.toMatchObject({
      code: 400,
      type: 'GROUPCALL_VIDEO_TOO_MUCH',
    });
    let got = (await k.call(2n, 'phone.getGroupCall', { call, limit: 10 })) as TlObject;
    expect((got.participants as TlObject[]).map((p) => p.source).sort()).toEqual([1111, 3333]);
    expect(k.media.sources(mediaKeyOf(call)).sort()).toEqual([1111, 3333]);

    // He joins with the camera off; he cannot start video (the others, who send it, still can).
    const daveJoin = await joinWith(4n, call, 5555, [fid(5556, 5557)], { video_stopped: true });
    expectEncodesAsResult('phone.joinGroupCall', daveJoin);
    got = (await k.call(4n, 'phone.getGroupCall', { call, limit: 10 })) as TlObject;
    expect(callOf(got)).toMatchObject({ unmuted_video_count: 2, unmuted_video_limit: 2 });
    expect(callOf(got).can_start_video).toBeUndefined();
    await expect(cameraOn(4n, call)).rejects.toMatchObject({ type: 'GROUPCALL_VIDEO_TOO_MUCH' });
    await expect(present(4n, call, 5600, [fid(5601, 5602)])).rejects.toMatchObject({
      type: 'GROUPCALL_VIDEO_TOO_MUCH',
    });
    got = (await k.call(2n, 'phone.getGroupCall', { call, limit: 10 })) as TlObject;
    const dave = (got.participants as TlObject[]).find((p) => p.source === 5555)!;
    expect(dave.video).toBeUndefined();
    expect(dave.presentation).toBeUndefined();

    // Someone already sending video may add a screen, and rejoin with the camera on: they hold their place.
    await present(2n, call, 1200, [fid(1201, 1202)]);
    await joinWith(2n, call, 1300, [fid(1301, 1302)]);
    expect(callOf(await k.call(2n, 'phone.getGroupCall', { call, limit: 10 })).unmuted_video_count).toBe(2);

    // Carol turns her camera off: Dave hears of the free place (the call object, can_start_video) and takes it.
    k.pushed.length = 0;
    await k.call(3n, 'phone.editGroupCallParticipant', {
      call,
      participant: { _: 'inputPeerSelf' },
      video_stopped: true,
    });
    const daveSaw = k.updatesPushedTo(4n).find((u) => u._ === 'updateGroupCall')!;
    expect(daveSaw.call).toMatchObject({ unmuted_video_count: 1, can_start_video: true });
    for (const p of k.pushed) expectEncodes(p.updates);
    await cameraOn(4n, call);
    got = (await k.call(3n, 'phone.getGroupCall', { call, limit: 10 })) as TlObject;
    expect(callOf(got).unmuted_video_count).toBe(2);
    expect(callOf(got).can_start_video).toBeUndefined();
    expect((got.participants as TlObject[]).find((p) => p.source === 5555)!.video).toBeDefined();
    // Carol may not turn hers on again now.
    await expect(cameraOn(3n, call)).rejects.toMatchObject({ type: 'GROUPCALL_VIDEO_TOO_MUCH' });
  });

  it('a shared screen counts as sending video: unmuted_video_count moves with it, and the call object goes with the participant', async () => {
    for (const i of [0, 1, 2]) await k.signInSeeded(i);
    const call = await createDemoCall();
    await joinWith(2n, call, 1111, [fid(1112, 1113)], { video_stopped: true });
    await joinWith(3n, call, 3333, [], {});
    k.pushed.length = 0;
    await present(2n, call, 1200, [fid(1201, 1202)]);
    expect(k.updatesPushedTo(3n).find((u) => u._ === 'updateGroupCall')!.call).toMatchObject({
      unmuted_video_count: 1,
      unmuted_video_limit: 30,
      can_start_video: true,
    });
    k.pushed.length = 0;
    await k.call(2n, 'phone.leaveGroupCallPresentation', { call });
    expect((k.updatesPushedTo(3n).find((u) => u._ === 'updateGroupCall')!.call as TlObject).unmuted_video_count).toBe(
      0,
    );
  });

  it('a camera whose media failed frees its place: the count drops and the others hear they can start video', async () => {
    const local = await makeCallsKit({ failedGraceMs: 100 });
    try {
      for (const i of [0, 1, 2]) await local.signInSeeded(i);
      const channel = local.world.channels.byUsername('tgcall_demo')!;
      const created = await local.call(1n, 'phone.createGroupCall', {
        peer: { _: 'inputPeerChannel', channel_id: BigInt(channel.id), access_hash: channel.accessHash },
        random_id: 9,
      });
      const gc = ((created as TlObject).updates as TlObject[]).find((u) => u._ === 'updateGroupCall')!.call as TlObject;
      const call: TlObject = { _: 'inputGroupCall', id: gc.id!, access_hash: gc.access_hash! };
      local.part.calls.setVideoLimit(local.clock.now, local.part.calls.store.get(Number(gc.id))!, 1);
      const joinAs = (key: bigint, ssrc: number, videoStopped: boolean) =>
        local.call(key, 'phone.joinGroupCall', {
          call,
          join_as: { _: 'inputPeerSelf' },
          params: dataJson(joinJson(ssrc, { 'ssrc-groups': [fid(ssrc + 1, ssrc + 2)] })),
          video_stopped: videoStopped,
        });
      await joinAs(2n, 1000, false);
      await joinAs(3n, 2000, true);
      const before = (await local.call(3n, 'phone.getGroupCall', { call, limit: 5 })) as TlObject;
      expect((before.call as TlObject).can_start_video).toBeUndefined();
      local.pushed.length = 0;
      const bob = local.world.users.byPhone('9996610002')!.id;
      local.media.cutEndpoint(mediaKeyOf(gc), `user:${bob}`);
      await until('Bob to leave once his media failed', () => local.part.calls.store.count(Number(gc.id)) <= 1, {
        timeoutMs: 3_000,
        everyMs: 10,
      });
      const carolSaw = local.updatesPushedTo(3n).find((u) => u._ === 'updateGroupCall')!;
      expect(carolSaw.call).toMatchObject({ unmuted_video_count: 0, can_start_video: true });
      await local.call(3n, 'phone.editGroupCallParticipant', {
        call,
        participant: { _: 'inputPeerSelf' },
        video_stopped: false,
      });
    } finally {
      await local.close();
    }
  });

  it('an RTMP stream never offers can_start_video', async () => {
    await k.signInSeeded(0);
    const r = await k.call(1n, 'phone.createGroupCall', { peer: demoPeer(), random_id: 2, rtmp_stream: true });
    expect(find(r, 'updateGroupCall').call).toMatchObject({ rtmp_stream: true });
    expect((find(r, 'updateGroupCall').call as TlObject).can_start_video).toBeUndefined();
  });
});
