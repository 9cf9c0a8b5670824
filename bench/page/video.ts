// The video bench's page side: a GroupCall whose camera goes on and off (sender), a GroupCall that waits for the
// other's camera to decode (receiver), and the bare baseline of the same path (a PeerConnectionTransport joined through
// Node's Sfu.join, its camera put on an m-line the receiver declared up front: no Telegram signalling at all).
// Times are wall-clock ms (performance.timeOrigin + performance.now()), comparable across pages of one machine.

import { GroupCall, GroupCallEvent, PeerConnectionTransport } from '../../src/groupcall';
import type { RtcGroupCallTransport } from '../../src/groupcall/sdp';
import type { TelegramApi } from '../../src/telegram/api';
import type { TelegramClient } from '../../src/telegram';
import type { InputGroupCall } from '../../src/telegram/tl/api.generated';

const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface DecodedFrame {
  /** When a 5 ms getStats poll first showed framesDecoded above its value at the start. */
  at: number;
  ssrc: number;
  framesDecoded: number;
  frameWidth: number;
}

interface VideoStat {
  framesDecoded: number;
  frameWidth: number;
  packetsReceived: number;
}

async function inboundVideo(pc: RTCPeerConnection, ssrc: number): Promise<VideoStat | undefined> {
  let found: VideoStat | undefined;
  (await pc.getStats()).forEach(
    (s: {
      type: string;
      kind?: string;
      ssrc?: number;
      framesDecoded?: number;
      frameWidth?: number;
      packetsReceived?: number;
    }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video' && s.ssrc === ssrc >>> 0)
        found = {
          framesDecoded: s.framesDecoded ?? 0,
          frameWidth: s.frameWidth ?? 0,
          packetsReceived: s.packetsReceived ?? 0,
        };
    },
  );
  return found;
}

/**
 * Polls every 5 ms until `ssrc` decodes a frame more than `before`; null at the deadline. `onPacket`: the first poll
 * that shows more packets than `packetsBefore`.
 */
async function firstFrame(
  pc: RTCPeerConnection,
  ssrc: number,
  before: number,
  deadline: number,
  packetsBefore = 0,
  onPacket: (at: number) => void = () => undefined,
): Promise<DecodedFrame | null> {
  let packetSeen = false;
  while (now() < deadline) {
    const s = await inboundVideo(pc, ssrc);
    if (!packetSeen && s !== undefined && s.packetsReceived > packetsBefore) {
      packetSeen = true;
      onPacket(now());
    }
    if (s !== undefined && s.framesDecoded > before)
      return { at: now(), ssrc: ssrc >>> 0, framesDecoded: s.framesDecoded, frameWidth: s.frameWidth };
    await sleep(5);
  }
  return null;
}

/**
 * Phases of one camera-on round as this page saw them (wall-clock ms, null when not seen since the last read): on the
 * sender the phone.editGroupCallParticipant sent and answered; on the receiver the updateGroupCallParticipants with a
 * video arriving, the engine listing the video (its renegotiation done), the first RTP packet of the video SSRC (a 5 ms
 * getStats poll showing packetsReceived, so up to ~50 ms late: Chromium caches the report) and the first decoded frame.
 */
export interface VideoMarks {
  editSent: number | null;
  editDone: number | null;
  update: number | null;
  listed: number | null;
  firstPacket: number | null;
  firstFrame: number | null;
}

export const noMarks = (): VideoMarks => ({
  editSent: null,
  editDone: null,
  update: null,
  listed: null,
  firstPacket: null,
  firstFrame: null,
});

export function videoBenchPage(client: () => TelegramClient) {
  let marks = noMarks();
  let watching: (() => void) | null = null;
  /** The real client, with phone.editGroupCallParticipant's send and answer stamped. */
  const markedApi = (c: TelegramClient): TelegramApi => ({
    call: (method, params) => {
      if (method !== 'phone.editGroupCallParticipant') return c.call(method, params);
      marks.editSent ??= now();
      return c.call(method, params).then((result) => {
        marks.editDone ??= now();
        return result;
      });
    },
    updates: c.updates,
    connection: c.connection,
  });
  let call: { group: GroupCall; pc: () => RTCPeerConnection | null } | null = null;
  let camera: MediaStreamTrack | null = null;
  let baseline: { transport: PeerConnectionTransport; endpoint: string; videoSsrcs: number[] } | null = null;

  const cameraTrack = async () =>
    (
      await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } } })
    ).getVideoTracks()[0];

  return {
    /** Joins `input` with a GroupCall (microphone muted: only video is measured); `simulcast`: three camera layers. */
    async videoJoin(input: InputGroupCall, simulcast = false): Promise<void> {
      const slot: { pc: RTCPeerConnection | null } = { pc: null };
      watching?.();
      const c = client();
      watching = c.updates.subscribe((event) => {
        const u = event.update;
        if (u._ === 'updateGroupCallParticipants' && u.participants.some((p) => p.video !== undefined && !p.left))
          marks.update ??= now();
      });
      const group = new GroupCall({
        api: markedApi(c),
        call: input,
        muted: true,
        simulcast,
        createTransport: (options) =>
          new PeerConnectionTransport({
            ...options,
            createPeerConnection: () =>
              (slot.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' })),
          }),
      });
      call = { group, pc: () => slot.pc };
      group.on(GroupCallEvent.RemoteVideosChanged, ({ videos }) => {
        if (videos.some((v) => v.kind === 'camera')) marks.listed ??= now();
      });
      await group.join();
    },

    /** The phases seen since the last call (VideoMarks), and a fresh start. */
    videoMarks(): VideoMarks {
      const seen = marks;
      marks = noMarks();
      return seen;
    },

    /** Camera on (the click): returns when it was asked for. */
    async videoCameraOn(): Promise<number> {
      const at = now();
      await call?.group.setCameraEnabled(true);
      return at;
    },

    async videoCameraOff(): Promise<void> {
      await call?.group.setCameraEnabled(false);
    },

    /** Receiver: waits for `peerId`'s camera among the remote videos, then for its first decoded frame. */
    async videoAwaitFrame(peerId: string, timeoutMs: number): Promise<DecodedFrame | null> {
      const c = call;
      if (c === null) throw new Error('videoJoin first');
      const deadline = now() + timeoutMs;
      while (now() < deadline) {
        const video = c.group.remoteVideos.find((v) => v.peerId === peerId && v.kind === 'camera');
        const pc = c.pc();
        if (video !== undefined && pc !== null) {
          const start = await inboundVideo(pc, video.ssrc);
          const frame = await firstFrame(
            pc,
            video.ssrc,
            start?.framesDecoded ?? 0,
            deadline,
            start?.packetsReceived ?? 0,
            (at) => (marks.firstPacket ??= at),
          );
          if (frame !== null) marks.firstFrame ??= frame.at;
          return frame;
        }
        await sleep(2);
      }
      return null;
    },

    /** Receiver: waits until `peerId` has no camera any more (the camera-off reached it). */
    async videoAwaitGone(peerId: string, timeoutMs: number): Promise<boolean> {
      const deadline = now() + timeoutMs;
      while (now() < deadline) {
        if (!call?.group.remoteVideos.some((v) => v.peerId === peerId)) return true;
        await sleep(5);
      }
      return false;
    },

    /**
     * Every remote video this page's GroupCall receives now: how many decode, and the sums of frames decoded and bytes
     * received (the senders bench reads it twice and divides by the time between).
     */
    async videoInboundTotals(): Promise<{ streams: number; framesDecoded: number; bytes: number; widths: number[] }> {
      const pc = call?.pc() ?? null;
      const totals = { streams: 0, framesDecoded: 0, bytes: 0, widths: [] as number[] };
      if (pc === null) return totals;
      (await pc.getStats()).forEach(
        (s: { type: string; kind?: string; framesDecoded?: number; bytesReceived?: number; frameWidth?: number }) => {
          if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
          totals.bytes += s.bytesReceived ?? 0;
          if ((s.framesDecoded ?? 0) === 0) return;
          totals.streams += 1;
          totals.framesDecoded += s.framesDecoded ?? 0;
          totals.widths.push(s.frameWidth ?? 0);
        },
      );
      return totals;
    },

    /** Receiver: asks for `peerId`'s camera at this quality (its tile's size); false when that video is not there. */
    videoSetQuality(peerId: string, quality: 'thumbnail' | 'medium' | 'full'): boolean {
      const video = call?.group.remoteVideos.find((v) => v.peerId === peerId && v.kind === 'camera');
      if (video === undefined || call === null) return false;
      call.group.setVideoQuality(video.endpoint, quality);
      return true;
    },

    /** Receiver: inbound video of `peerId`'s camera over `ms`: kbit/s, decoded frames/s, the last frame height. */
    async videoInboundRate(
      peerId: string,
      ms: number,
    ): Promise<{ kbps: number; fps: number; frameHeight: number } | null> {
      const c = call;
      const video = c?.group.remoteVideos.find((v) => v.peerId === peerId && v.kind === 'camera');
      const pc = c?.pc() ?? null;
      if (video === undefined || pc === null) return null;
      const read = async () => {
        let found = { bytes: 0, frames: 0, height: 0 };
        (await pc.getStats()).forEach(
          (s: {
            type: string;
            kind?: string;
            ssrc?: number;
            bytesReceived?: number;
            framesDecoded?: number;
            frameHeight?: number;
          }) => {
            if (s.type === 'inbound-rtp' && s.kind === 'video' && s.ssrc === video.ssrc >>> 0)
              found = { bytes: s.bytesReceived ?? 0, frames: s.framesDecoded ?? 0, height: s.frameHeight ?? 0 };
          },
        );
        return { ...found, at: now() };
      };
      const before = await read();
      await sleep(ms);
      const after = await read();
      const seconds = (after.at - before.at) / 1000;
      return {
        kbps: ((after.bytes - before.bytes) * 8) / 1000 / seconds,
        fps: (after.frames - before.frames) / seconds,
        frameHeight: after.height,
      };
    },

    /**
     * Sender: what its camera sends now — per outbound-rtp layer (height, active, why quality is limited) and the
     * bandwidth estimate (candidate pair availableOutgoingBitrate, kbit/s).
     */
    async videoOutbound(): Promise<{ layers: string[]; estimateKbps: number | null }> {
      const pc = call?.pc() ?? null;
      if (pc === null) return { layers: [], estimateKbps: null };
      const layers: { rid: number; text: string }[] = [];
      let estimate: number | null = null;
      (await pc.getStats()).forEach(
        (s: {
          type: string;
          kind?: string;
          ssrc?: number;
          frameHeight?: number;
          active?: boolean;
          qualityLimitationReason?: string;
          availableOutgoingBitrate?: number;
          nominated?: boolean;
        }) => {
          if (s.type === 'outbound-rtp' && s.kind === 'video')
            layers.push({
              rid: s.ssrc ?? 0,
              text: `${s.frameHeight ?? 0}p${s.active === false ? ' off' : ''} ${s.qualityLimitationReason ?? ''}`,
            });
          if (s.type === 'candidate-pair' && s.nominated === true && typeof s.availableOutgoingBitrate === 'number')
            estimate = Math.round(s.availableOutgoingBitrate / 1000);
        },
      );
      return { layers: layers.map((l) => l.text), estimateKbps: estimate };
    },

    /** The own audio source (the SSRC the SFU knows this connection by). */
    videoSelfSource(): number | null {
      return call?.group.participants.find((p) => p.isSelf)?.source ?? null;
    },

    /** The own peer id as the other side sees it. */
    videoSelfPeerId(): string | null {
      return call?.group.participants.find((p) => p.isSelf)?.peerId ?? null;
    },

    async videoLeave(): Promise<void> {
      const c = call;
      call = null;
      watching?.();
      watching = null;
      await c?.group.leave();
    },

    /** Baseline sender: a bare connection joined straight through Sfu.join (video m-line without a track). */
    async baselineVideoSender(sideUrl: string, simulcast = false): Promise<number[]> {
      const transport = new PeerConnectionTransport({ track: null, simulcast });
      const payload = await transport.start();
      const response = await fetch(`${sideUrl}/join`, { method: 'POST', body: JSON.stringify(payload) });
      const answer = (await response.json()) as { transport: RtcGroupCallTransport; endpoint: string };
      await transport.applyServerTransport(answer.transport);
      // Simulcast: the SFU sends a receiver every layer under the first layer's SSRC (and its RTX).
      const first = payload['ssrc-groups'].find((g) => g.semantics === 'SIM')?.sources[0];
      const videoSsrcs =
        payload['ssrc-groups'].find((g) => g.semantics === 'FID' && (first === undefined || g.sources[0] === first))
          ?.sources ?? [];
      baseline = { transport, endpoint: answer.endpoint, videoSsrcs };
      return videoSsrcs;
    },

    /** Baseline camera on: getUserMedia + replaceTrack, nothing else. Returns when it was asked for. */
    async baselineCameraOn(): Promise<number> {
      const b = baseline;
      if (b === null) throw new Error('baselineVideoSender first');
      const at = now();
      camera = await cameraTrack();
      await b.transport.setVideoTrack(camera);
      return at;
    },

    async baselineCameraOff(): Promise<void> {
      await baseline?.transport.setVideoTrack(null);
      camera?.stop();
      camera = null;
    },

    /** Baseline receiver: a bare connection that declares the sender's video SSRCs before the camera goes on. */
    async baselineVideoReceiver(sideUrl: string, videoSsrcs: number[]): Promise<number> {
      const transport = new PeerConnectionTransport({ track: null });
      const payload = await transport.start();
      const response = await fetch(`${sideUrl}/join`, { method: 'POST', body: JSON.stringify(payload) });
      const answer = (await response.json()) as { transport: RtcGroupCallTransport; endpoint: string };
      await transport.applyServerTransport(answer.transport);
      await transport.updateRemoteSources({
        add: [{ ssrc: videoSsrcs[0], kind: 'video', ssrcGroups: [{ semantics: 'FID', sources: videoSsrcs }] }],
      });
      baseline = { transport, endpoint: answer.endpoint, videoSsrcs };
      return payload.ssrc;
    },

    async baselineAwaitFrame(timeoutMs: number): Promise<DecodedFrame | null> {
      const b = baseline;
      if (b === null) throw new Error('baselineVideoReceiver first');
      const pc = b.transport.peerConnection;
      const before = (await inboundVideo(pc, b.videoSsrcs[0]))?.framesDecoded ?? 0;
      return firstFrame(pc, b.videoSsrcs[0], before, now() + timeoutMs);
    },

    async baselineVideoLeave(sideUrl: string): Promise<void> {
      const b = baseline;
      baseline = null;
      camera?.stop();
      camera = null;
      if (b === null) return;
      b.transport.close();
      await fetch(`${sideUrl}/leave`, { method: 'POST', body: JSON.stringify({ endpoint: b.endpoint }) });
    },
  };
}
