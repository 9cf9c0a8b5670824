// The call methods with real media: a Chromium page joins the demo call through phone.joinGroupCall (its offer →
// joinPayloadFromOffer → the API → the SFU's transport in updateGroupCallConnection → the client's own SDP layer),
// hears both simulated speakers under the sources phone.getGroupParticipants lists, is muted in the SFU by
// editGroupCallParticipant, and once its media is cut it is removed from the call after the grace period.
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerFromTransport,
  joinPayloadFromOffer,
  parseGroupCallTransport,
  serverOfferFromTransport,
  withSourceChanges,
} from '../../src/groupcall/sdp';
import type { TlObject } from '../api/types';
import { dataJson, makeCallsKit, type CallsKit } from './callsTestKit';
import { demoCall } from './seedCalls';
import { CHROMIUM, chromiumFlags, skipBrowserTests } from '../../scripts/chromium';
import { offerFromPage, type PeerPageWindow } from '../sfu/testing/offerFromPage';
import { until } from '../../scripts/until';

/** Pages and WebRTC on a busy machine: ask every 50 ms, for up to 10 s. */
const POLL = { timeoutMs: 10_000, everyMs: 50 };

const CHROMIUM_FLAGS = chromiumFlags({ autoplay: true });

type PageWindow = PeerPageWindow;

function packetsFrom(page: Page, ssrc: number): Promise<number> {
  return page.evaluate(async (wanted) => {
    const stats = await (window as unknown as PageWindow).pc.getStats();
    let packets = 0;
    stats.forEach((s: { type: string; ssrc?: number; packetsReceived?: number }) => {
      if (s.type === 'inbound-rtp' && s.ssrc === wanted) packets = s.packetsReceived ?? 0;
    });
    return packets;
  }, ssrc);
}

describe.skipIf(skipBrowserTests())('a Chromium page in the demo call, through the phone.* methods', () => {
  let browser: Browser;
  let k: CallsKit;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    k = await makeCallsKit({ demo: true, failedGraceMs: 300 });
  });
  afterAll(async () => {
    await browser?.close();
    await k?.close();
  });

  it('joins, hears Bob and Carol, is muted in the SFU, and is removed once its media is cut', async () => {
    await k.signInSeeded(3); // Dave, a plain member of @tgcall_demo
    const demo = demoCall(k.part.calls)!;
    const call: TlObject = { _: 'inputGroupCall', id: BigInt(demo.id), access_hash: demo.accessHash };
    const page = await browser.newPage();
    await page.route('http://localhost/', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>call</title><body></body>' }),
    );
    await page.goto('http://localhost/');
    const offer = await offerFromPage(page);
    const payload = joinPayloadFromOffer(offer);
    const joined = (await k.call(4n, 'phone.joinGroupCall', {
      call,
      join_as: { _: 'inputPeerSelf' },
      params: dataJson(JSON.stringify(payload)),
    })) as TlObject;
    const connection = (joined.updates as TlObject[]).find((u) => u._ === 'updateGroupCallConnection')!;
    const transport = parseGroupCallTransport((connection.params as TlObject).data as string);
    if ('stream' in transport) throw new Error('a WebRTC call answered a stream transport');
    const first = answerFromTransport(offer, transport, { sessionId: '9', sessionVersion: 1 });
    await page.evaluate(
      (sdp) => (window as unknown as PageWindow).pc.setRemoteDescription({ type: 'answer', sdp }),
      first.sdp,
    );

    const list = (await k.call(4n, 'phone.getGroupParticipants', {
      call,
      ids: [],
      sources: [],
      offset: '',
      limit: 10,
    })) as TlObject;
    const speakers = (list.participants as TlObject[]).filter((p) => p.self !== true).map((p) => p.source as number);
    expect(speakers).toHaveLength(2);
    const table = withSourceChanges(first.table, { add: speakers.map((s) => ({ ssrc: s >>> 0 })) });
    const sdp = serverOfferFromTransport(transport, table, { sessionId: '9', sessionVersion: 2 });
    await page.evaluate(async (offerSdp) => {
      const pc = (window as unknown as PageWindow).pc;
      await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
      await pc.setLocalDescription(await pc.createAnswer());
    }, sdp);

    const dave = k.world.users.byPhone('9996610004')!.id;
    await until(
      'the SFU to see Dave connected',
      () => (k.media.endpointState(String(demo.id), `user:${dave}`) === 'connected' ? true : undefined),
      POLL,
    );
    for (const s of speakers)
      await until(
        `packets from speaker ${s}`,
        async () => ((await packetsFrom(page, s >>> 0)) > 20 ? true : undefined),
        POLL,
      );
    const own = () => k.media.stats()[String(demo.id)][String(payload.ssrc)];
    await until('Dave’s own packets at the SFU', () => (own().received > 20 ? true : undefined), POLL);

    await k.call(4n, 'phone.editGroupCallParticipant', { call, participant: { _: 'inputPeerSelf' }, muted: true });
    const droppedBefore = own().droppedMuted;
    await until(
      'Dave’s packets held back while muted',
      () => (own().droppedMuted > droppedBefore + 10 ? true : undefined),
      POLL,
    );

    k.media.cutEndpoint(String(demo.id), `user:${dave}`);
    await until(
      'Dave removed after the grace period',
      () => (k.part.calls.store.ofUser(demo.id, dave).length === 0 ? true : undefined),
      POLL,
    );
    expect((await k.fail(4n, 'phone.checkGroupCall', { call, sources: [payload.ssrc] })).type).toBe(
      'GROUPCALL_JOIN_MISSING',
    );
    expect(k.part.calls.store.count(demo.id)).toBe(2);
    await page.close();
  });
});
