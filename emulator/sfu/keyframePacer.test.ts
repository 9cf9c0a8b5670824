// KeyframePacer: keyframe requests to one camera spaced as Chromium acts on them — 300 ms per camera, whatever layer
// (SSRC) they name — and a waiting request dropped when a keyframe of its SSRC arrives first.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeyframePacer } from './keyframePacer';

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
  it('spaces requests for different layers of one camera by 300 ms (Chromium ignores the second otherwise)', () => {
    const { p, sent } = pacer();
    expect(p.request(1000)).toBe('sent');
    vi.advanceTimersByTime(100);
    expect(p.request(1002)).toBe('deferred');
    expect(p.request(1004)).toBe('deferred');
    expect(p.request(1002)).toBe('deferred'); // one waiting request per SSRC
    expect(sent).toEqual([1000]);
    vi.advanceTimersByTime(199);
    expect(sent).toEqual([1000]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([1000, 1002, 1004]);
    // The next one 300 ms after those.
    vi.advanceTimersByTime(299);
    expect(p.request(1000)).toBe('deferred');
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([1000, 1002, 1004, 1000]);
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
    vi.advanceTimersByTime(250);
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
