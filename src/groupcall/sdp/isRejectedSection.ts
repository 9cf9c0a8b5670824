// Whether an m-section is rejected/stopped: port 0 without `a=bundle-only`. Firefox offers new m-lines of a BUNDLE
// group as port 0 + bundle-only, and those are live.

import type { MediaDescription } from 'sdp-transform';

export function isRejectedSection(m: Pick<MediaDescription, 'port' | 'bundleOnly'>): boolean {
  return m.port === 0 && m.bundleOnly === undefined;
}
