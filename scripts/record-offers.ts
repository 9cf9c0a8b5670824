// Records real Chromium offers as SDP fixtures for src/groupcall/sdp (run: npx tsx scripts/record-offers.ts).
// Each fixture is what `createOffer()` returns in Debian Chromium with fake devices; nothing is edited afterwards.
import { chromium } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, chromiumFlags } from './chromium';

const fixtures = fileURLToPath(new URL('../src/groupcall/sdp/fixtures/', import.meta.url));

const chromiumArgs = chromiumFlags({ autoplay: false });

type Scenario = 'audio' | 'audio-video-simulcast' | 'audio-stopped-readded';

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    // getUserMedia needs a secure context: a localhost page served by Playwright itself (no socket is opened).
    await page.route('http://localhost/', (route) => route.fulfill({ contentType: 'text/html', body: '<title>offers</title>' }));
    await page.goto('http://localhost/');
    const version = browser.version();
    const scenarios: Scenario[] = ['audio', 'audio-video-simulcast', 'audio-stopped-readded'];
    for (const scenario of scenarios) {
      const sdp = await page.evaluate(async (which: Scenario) => {
        const pc = new RTCPeerConnection();
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: which === 'audio-video-simulcast' });
        const [audio] = stream.getAudioTracks();
        pc.addTransceiver(audio, { direction: 'sendonly', streams: [stream] });
        if (which === 'audio-video-simulcast') {
          const [video] = stream.getVideoTracks();
          pc.addTransceiver(video, {
            direction: 'sendonly', streams: [stream],
            sendEncodings: [{ rid: 'l', scaleResolutionDownBy: 4 }, { rid: 'm', scaleResolutionDownBy: 2 }, { rid: 'h' }],
          });
          // Telegram wants SIM/FID ssrc-groups, which Chromium writes only for legacy (non-rid) simulcast: the
          // ssrc-group fixture below comes from a plain video sender (FID with its RTX).
          const plain = pc.addTransceiver(video.clone(), { direction: 'sendonly', streams: [stream] });
          void plain;
        }
        if (which === 'audio-stopped-readded') {
          // A later offer on one connection: the first (negotiated) transceiver stopped, a new one added. A second,
          // local connection plays the answerer so that the first m-line is negotiated before it is stopped.
          const answerer = new RTCPeerConnection();
          const first = await pc.createOffer();
          await pc.setLocalDescription(first);
          await answerer.setRemoteDescription(first);
          const answer = await answerer.createAnswer();
          await pc.setRemoteDescription(answer);
          answerer.close();
          pc.getTransceivers()[0].stop();
          pc.addTransceiver(audio.clone(), { direction: 'sendonly', streams: [stream] });
        }
        const offer = await pc.createOffer();
        await pc.setLocalDescription(offer);
        const sdp = offer.sdp ?? '';
        pc.close();
        stream.getTracks().forEach((t) => t.stop());
        return sdp;
      }, scenario);
      const file = `${fixtures}chromium-${scenario}.sdp`;
      await writeFile(file, sdp);
      console.log(`chromium ${version}: ${file} (${sdp.split('\r\n').length} lines)`);
    }
  } finally {
    await browser.close();
  }
}

await main();
