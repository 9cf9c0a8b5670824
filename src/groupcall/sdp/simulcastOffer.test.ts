import { parse } from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { joinPayloadFromOffer } from './joinPayloadFromOffer';
import { readFixture } from './readFixture';
import { withSimulcastLayers } from './simulcastOffer';

describe('withSimulcastLayers', () => {
  it("turns the engine's one-layer offer into SIM of three + an FID per layer, lowest first, cname/msid copied; the join carries them", () => {
    const offer = readFixture('chromium-engine');
    let n = 1000;
    const sdp = withSimulcastLayers(offer, () => n++);
    const video = parse(sdp).media[1];
    const [primary, rtx] = String(parse(offer).media[1].ssrcGroups![0].ssrcs).split(' ').map(Number);
    expect(video.ssrcGroups).toEqual([
      { semantics: 'SIM', ssrcs: `${primary} 1000 1002` },
      { semantics: 'FID', ssrcs: `${primary} ${rtx}` },
      { semantics: 'FID', ssrcs: '1000 1001' },
      { semantics: 'FID', ssrcs: '1002 1003' },
    ]);
    const cname = video.ssrcs!.find((s) => Number(s.id) === primary && s.attribute === 'cname')!.value;
    for (const id of [1000, 1001, 1002, 1003])
      expect(video.ssrcs!.filter((s) => Number(s.id) === id).map((s) => s.attribute)).toEqual(['cname', 'msid']);
    expect(video.ssrcs!.find((s) => Number(s.id) === 1003 && s.attribute === 'cname')!.value).toBe(cname);
    expect(joinPayloadFromOffer(sdp)['ssrc-groups'].map((g) => [g.semantics, g.sources.length])).toEqual([
      ['SIM', 3],
      ['FID', 2],
      ['FID', 2],
      ['FID', 2],
    ]);
    // Already simulcast: unchanged; SSRCs the offer has are never reused.
    expect(withSimulcastLayers(sdp, () => n++)).toBe(sdp);
    let k = 0;
    const taken = [primary, rtx, 7, 8, 9, 10];
    expect(parse(withSimulcastLayers(offer, () => taken[k++] ?? 0)).media[1].ssrcGroups![0].ssrcs).toBe(
      `${primary} 7 9`,
    );
  });
});
