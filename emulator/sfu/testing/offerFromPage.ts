// Test helper (not a test): in a Playwright page, a peer connection that sends the fake microphone and plays whatever it
// receives (Chromium reports audio levels only for played tracks), with its offer set as the local description. The
// browser tests of the SFU and of the calls API join with it.
import type { Page } from '@playwright/test';

/** The page's global the helper leaves behind: `window.pc`, the connection the test drives next. */
export type PeerPageWindow = Window & { pc: RTCPeerConnection };

export function offerFromPage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const w = window as unknown as PeerPageWindow;
    w.pc = new RTCPeerConnection();
    w.pc.ontrack = (e) => {
      const audio = new Audio();
      audio.srcObject = new MediaStream([e.track]);
      void audio.play();
      document.body.append(audio);
    };
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    w.pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendonly', streams: [stream] });
    const o = await w.pc.createOffer();
    await w.pc.setLocalDescription(o);
    return o.sdp ?? '';
  });
}
