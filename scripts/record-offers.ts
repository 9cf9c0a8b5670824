// Records real Chromium offers as SDP fixtures for src/groupcall/sdp (run: npx tsx scripts/record-offers.ts [scenario…];
// no names: all).
// Each fixture is what `createOffer()` returns in Debian Chromium with fake devices; nothing is edited afterwards.
import { chromium } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, chromiumFlags } from './chromium';

const fixtures = fileURLToPath(new URL('../src/groupcall/sdp/fixtures/', import.meta.url));

const chromiumArgs = chromiumFlags({ autoplay: false });

type Scenario = 'audio' | 'audio-video-simulcast' | 'audio-stopped-readded' | 'engine';
const ALL: Scenario[] = ['audio', 'audio-video-simulcast', 'audio-stopped-readded', 'engine'];

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    // getUserMedia needs a secure context: a localhost page served by Playwright itself (no socket is opened).
    await page.route('http://localhost/', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>offers</title>' }),
    );
    await page.goto('http://localhost/');
    const version = browser.version();
    const asked = process.argv.slice(2);
    const scenarios = asked.length === 0 ? ALL : ALL.filter((s) => asked.includes(s));
    for (const scenario of scenarios) {
      const sdp = await page.evaluate(async (which: Scenario) => {
        const pc = new RTCPeerConnection(
          which === 'engine' ? { bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' } : undefined,
        );
        const stream = await navigator.mediaDevices.getUserMedia({
          audio: true,
          video: which === 'audio-video-simulcast',
        });
        const [audio] = stream.getAudioTracks();
        if (which === 'engine') {
          // What PeerConnectionTransport offers: the microphone, a trackless video m-line limited to the extensions a
          // group-call server numbers, and the data channel.
          pc.addTransceiver(audio, { direction: 'sendonly' });
          const video = pc.addTransceiver('video', { direction: 'sendonly' }) as RTCRtpTransceiver & {
            getHeaderExtensionsToNegotiate(): { uri: string; direction: string }[];
            setHeaderExtensionsToNegotiate(e: { uri: string; direction: string }[]): void;
          };
          const keep = new Set([
            'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
            'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
            'urn:3gpp:video-orientation',
            'urn:ietf:params:rtp-hdrext:sdes:mid',
          ]);
          video.setHeaderExtensionsToNegotiate(
            video
              .getHeaderExtensionsToNegotiate()
              .map((e) => ({ uri: e.uri, direction: keep.has(e.uri) ? e.direction : 'stopped' })),
          );
          pc.createDataChannel('data');
        } else {
          pc.addTransceiver(audio, { direction: 'sendonly', streams: [stream] });
        }
        if (which === 'audio-video-simulcast') {
          const [video] = stream.getVideoTracks();
          pc.addTransceiver(video, {
            direction: 'sendonly',
            streams: [stream],
            sendEncodings: [
              { rid: 'l', scaleResolutionDownBy: 4 },
              { rid: 'm', scaleResolutionDownBy: 2 },
              { rid: 'h' },
            ],
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
