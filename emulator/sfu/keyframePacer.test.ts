// KeyframePacer: keyframe requests to one camera spaced as Chromium acts on them — 300 ms per camera, whatever layer
// (SSRC) they name — and a waiting request dropped when a keyframe of its SSRC arrives first.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KEYFRAME_REQUEST_MARGIN_MS, KEYFRAME_REQUEST_SPACING_MS, KeyframePacer } from './keyframePacer';

const SPACING = KEYFRAME_REQUEST_SPACING_MS + KEYFRAME_REQUEST_MARGIN_MS;

afterEach(() => {
  vi.useRealTimers();
});

function pacer() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const sent: number[] = [];
  const p = new KeyframePacer({
    send: (ssrc) => {
      sent.push(ssrc);
      return true;
    },
  });
  return { p, sent };
}

describe('KeyframePacer', () => {
  it('spaces requests for different layers of one camera by 300 ms and a margin (Chromium ignores the second otherwise)', () => {
    const { p, sent } = pacer();
    expect(p.request(1000)).toBe('sent');
    vi.advanceTimersByTime(100);
    expect(p.request(1002)).toBe('deferred');
    expect(p.request(1004)).toBe('deferred');
    expect(p.request(1002)).toBe('deferred'); // one waiting request per SSRC
    expect(sent).toEqual([1000]);
    vi.advanceTimersByTime(SPACING - 101);
    expect(sent).toEqual([1000]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([1000, 1002, 1004]);
    // The next one a spacing after those.
    vi.advanceTimersByTime(SPACING - 1);
    expect(p.request(1000)).toBe('deferred');
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([1000, 1002, 1004, 1000]);
    p.close();
  });

  it('a request exactly 300 ms after the last one waits for the margin (Chromium may see them closer than that)', () => {
    const { p, sent } = pacer();
    p.request(1000);
    vi.advanceTimersByTime(KEYFRAME_REQUEST_SPACING_MS);
    expect(p.request(1000)).toBe('deferred');
    vi.advanceTimersByTime(KEYFRAME_REQUEST_MARGIN_MS);
    expect(sent).toEqual([1000, 1000]);
    p.close();
  });

  it('drops a waiting request when a keyframe of its SSRC arrives after it was made; the others still go', () => {
    const { p, sent } = pacer();
    p.request(1000);
    vi.advanceTimersByTime(50);
    p.request(1002);
    p.request(1004);
    expect(p.waiting(1002)).toBe(true);
    p.keyframeReceived(1002);
    expect(p.waiting(1002)).toBe(false);
    vi.advanceTimersByTime(SPACING - 50);
    expect(sent).toEqual([1000, 1004]);
    // All answered: nothing goes out.
    vi.advanceTimersByTime(100);
    p.request(1000);
    p.keyframeReceived(1000);
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual([1000, 1004]);
    p.close();
  });
});
