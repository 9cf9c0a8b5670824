// What a person sees when things go wrong around a call, with faults injected on the server (POST /control/faults):
// every error phone.createGroupCall and phone.joinGroupCall document shows its own sentence; duplicate SSRCs are
// retried (3 in a row: still in; 50: a clear message); a refused microphone says what to do. And the seeded demo call:
// a person alone hears Bob and Carol.
import { expect, test } from './support/fixtures';
import { account, seed } from './support/accounts';
import { saveScreen } from './support/screens';
import { signIn } from './support/signIn';
import { callErrorMessage } from '../src/groupcall/callErrorMessage';
import {
  connected,
  expectHearing,
  leaveAsAdmin,
  openChat,
  participants,
  trackPeerConnections,
  unique,
  unmute,
  startCallNow,
} from './support/calls';
import { createGroup } from './support/groups';
import { pageNow, recordStatuses, statusTimes } from './support/statusLog';
import type { Page } from '@playwright/test';

const CREATE_ERRORS = [
  'CHANNEL_PRIVATE',
  'CHAT_ADMIN_REQUIRED',
  'CREATE_CALL_FAILED',
  'GROUPCALL_ALREADY_DISCARDED',
  'PEER_ID_INVALID',
  'SCHEDULE_DATE_INVALID',
];
const JOIN_ERRORS: Array<{ type: string; code: number }> = [
  { type: 'DATA_JSON_INVALID', code: 400 },
  { type: 'GROUPCALL_FORBIDDEN', code: 403 },
  { type: 'GROUPCALL_INVALID', code: 400 },
  { type: 'GROUPCALL_SSRC_DUPLICATE_MUCH', code: 400 },
  { type: 'JOIN_AS_PEER_INVALID', code: 400 },
];
const FALLBACK = callErrorMessage('SOMETHING_UNKNOWN');

/** A fresh group with a call going on that the signed-in person created and then left: the page shows Join. */
async function groupWithCall(page: Page, member: string): Promise<string> {
  const group = `Faults ${unique()}`;
  await createGroup(page, group, [member]);
  await openChat(page, group);
  await startCallNow(page, group);
  await leaveAsAdmin(page);
  await expect(page.getByRole('button', { name: 'Join' })).toBeVisible();
  return group;
}

test.afterEach(async ({ control }) => {
  await control.clear(); // no armed fault outlives its test
});

test('every documented error of phone.createGroupCall and phone.joinGroupCall shows its own sentence', async ({
  page,
  control,
}, testInfo) => {
  test.setTimeout(90_000);
  await signIn(page, seed.dave);
  const group = `Errors ${unique()}`;
  await createGroup(page, group, ['Erin Evans']);
  await openChat(page, group);
  const seen = new Map<string, string>();

  for (const type of CREATE_ERRORS) {
    await control.fault({ method: 'phone.createGroupCall', type, times: 1 });
    await page.getByRole('button', { name: 'Start video chat' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start video chat' });
    await dialog.getByRole('button', { name: 'Start now' }).click();
    await expect(dialog.getByRole('alert'), type).toHaveText(callErrorMessage(type));
    seen.set(type, (await dialog.getByRole('alert').textContent()) ?? '');
    if (type === 'CHAT_ADMIN_REQUIRED') await saveScreen(page, testInfo, 'error-create');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
  }
  // No call was made by any of them.
  await expect(page.getByRole('button', { name: 'Start video chat' })).toBeVisible();

  // Now a call for real (Dave joins and leaves it), then each join error on "Join".
  await startCallNow(page);
  await leaveAsAdmin(page);
  for (const { type, code } of JOIN_ERRORS) {
    await control.clear();
    // A duplicate SSRC is retried with fresh ones: only a run of them all ends the join.
    await control.fault({
      method: 'phone.joinGroupCall',
      type,
      code,
      times: type === 'GROUPCALL_SSRC_DUPLICATE_MUCH' ? 50 : 1,
    });
    await page.getByRole('button', { name: 'Join' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Could not join' }), type).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('alert'), type).toHaveText(callErrorMessage(type));
    seen.set(type, (await page.getByRole('alert').textContent()) ?? '');
    if (type === 'GROUPCALL_SSRC_DUPLICATE_MUCH') {
      await saveScreen(page, testInfo, 'error-join');
      // Bounded: a handful of fresh SSRCs, not 50 attempts.
      const joins = (await control.log()).filter((e) => e.method === 'phone.joinGroupCall');
      expect(joins.length).toBeGreaterThan(1);
      expect(joins.length).toBeLessThanOrEqual(5);
    }
    await control.clear();
    await page.getByRole('button', { name: 'Back to the chat' }).click();
    await expect(page.getByRole('button', { name: 'Join' })).toBeVisible();
  }
  for (const [type, text] of seen) expect(text, `${type} has a sentence of its own`).not.toBe(FALLBACK);
  expect(seen.size).toBe(CREATE_ERRORS.length + JOIN_ERRORS.length);
});

test('three duplicate SSRCs in a row: the join retries and gets in; a refused microphone says what to do', async ({
  page,
  control,
}, testInfo) => {
  await trackPeerConnections(page.context());
  await signIn(page, seed.ivan);
  const group = await groupWithCall(page, 'Judy Jones');

  await control.clear();
  await control.fault({ method: 'phone.joinGroupCall', type: 'GROUPCALL_SSRC_DUPLICATE_MUCH', times: 3 });
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(connected(page)).toBeVisible({ timeout: 20_000 });
  await expect(participants(page).getByRole('listitem', { name: /^Ivan Ivanov \(you\), / })).toBeVisible();
  const call = (await control.callParticipants()).find((c) => c.title === group);
  expect(call?.participants.length, `Ivan is in the call of ${group}`).toBe(1);
  const joins = (await control.log()).filter((e) => e.method === 'phone.joinGroupCall');
  expect(joins.map((e) => e.error ?? 'ok')).toEqual([
    'GROUPCALL_SSRC_DUPLICATE_MUCH',
    'GROUPCALL_SSRC_DUPLICATE_MUCH',
    'GROUPCALL_SSRC_DUPLICATE_MUCH',
    'ok',
  ]);
  await leaveAsAdmin(page);

  // The browser refuses the microphone (as when the person clicks "Block"): listening needs none, so Ivan joins as a
  // listener, is told how to allow it, and once allowed, "Enable microphone" asks again and puts him live on the same
  // connection (no second join).
  await page.evaluate(() => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    (window as unknown as { __allowMicrophone: () => void }).__allowMicrophone = () => {
      navigator.mediaDevices.getUserMedia = original;
    };
    navigator.mediaDevices.getUserMedia = () =>
      Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await control.clear();
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(connected(page)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('Listening only: the microphone is blocked')).toBeVisible();
  await expect(page.getByText('so you joined as a listener')).toBeVisible();
  await expect(page.getByText('allow the microphone for this site')).toBeVisible();
  const listening = (await control.callParticipants()).find((c) => c.title === group)!.participants[0];
  expect(listening).toMatchObject({ muted: true });
  await saveScreen(page, testInfo, 'call-mic-denied');

  // Still refused: "Enable microphone" says so and the call goes on.
  await page.getByRole('button', { name: 'Enable microphone' }).click();
  await expect(page.getByRole('alert')).toHaveText(callErrorMessage('microphone-denied'));
  await expect(connected(page)).toBeVisible();

  await page.evaluate(() => (window as unknown as { __allowMicrophone: () => void }).__allowMicrophone());
  await page.getByRole('button', { name: 'Enable microphone' }).click();
  await expect(page.getByRole('button', { name: 'Mute', exact: true })).toBeVisible();
  await expect
    .poll(async () => (await control.callParticipants()).find((c) => c.title === group)!.participants[0]?.muted)
    .toBe(false);
  expect((await control.log()).filter((e) => e.method === 'phone.joinGroupCall')).toHaveLength(1);
});

test('FLOOD_WAIT_X on phone.joinGroupCall: a countdown says what waits and for how long, then the join succeeds', async ({
  page,
  control,
}) => {
  await signIn(page, seed.carol);
  const group = await groupWithCall(page, 'Alice Archer');
  await control.fault({ method: 'phone.joinGroupCall', type: 'FLOOD_WAIT_2' });
  await page.getByRole('button', { name: 'Join' }).click();
  const banner = page.getByRole('status').filter({ has: page.getByRole('timer') });
  await expect(banner).toContainText(/^Telegram asked to wait: joining the call again in 0:0[12]$/);
  await expect(connected(page)).toBeVisible({ timeout: 20_000 });
  await expect(banner).toHaveCount(0);
  const joins = (await control.log()).filter((e) => e.method === 'phone.joinGroupCall' && e.userId !== null);
  expect(joins.map((e) => e.error ?? 'ok').slice(-2)).toEqual(['FLOOD_WAIT_2', 'ok']);
  expect((await control.callParticipants()).find((c) => c.title === group)?.participants).toHaveLength(1);
});

test('the microphone stops mid-call: unplugged → the default one; permission taken back → muted, still in, another offered', async ({
  page,
  control,
}) => {
  test.setTimeout(90_000);
  await trackPeerConnections(page.context());
  await signIn(page, seed.grace);
  const group = await groupWithCall(page, 'Heidi Hall');
  await page.getByRole('button', { name: 'Join' }).click();
  await unmute(page);
  await control.clear();
  /** The audio sender's track on the open connection: its id and whether it is live. */
  const sent = () =>
    page.evaluate(() => {
      const pcs = (window as unknown as { __tgcallPeerConnections: RTCPeerConnection[] }).__tgcallPeerConnections;
      const track = pcs.filter((pc) => pc.connectionState !== 'closed')[0]?.getSenders()[0]?.track ?? null;
      return track === null ? null : { id: track.id, live: track.readyState === 'live' };
    });
  /** What the browser does when the device goes away: the track ends (stop() alone fires no event). */
  const endMicrophone = () =>
    page.evaluate(() => {
      const pcs = (window as unknown as { __tgcallPeerConnections: RTCPeerConnection[] }).__tgcallPeerConnections;
      const track = pcs.filter((pc) => pc.connectionState !== 'closed')[0]?.getSenders()[0]?.track;
      track?.stop();
      track?.dispatchEvent(new Event('ended'));
    });
  const before = await sent();
  expect(before?.live).toBe(true);

  // Unplugged: the default microphone, on the same connection, and the screen says so.
  await endMicrophone();
  const alert = page.getByRole('alert').filter({ hasText: 'microphone' });
  await expect(alert).toContainText('now using the default microphone');
  await expect.poll(sent).toMatchObject({ live: true });
  expect((await sent())?.id).not.toBe(before?.id);
  await expect(page.getByRole('button', { name: 'Mute', exact: true })).toBeVisible();

  // The permission is taken back: nothing can be opened. Muted, still in the call, another microphone offered.
  await page.evaluate(() => {
    const media = navigator.mediaDevices as MediaDevices & { __realGetUserMedia?: MediaDevices['getUserMedia'] };
    media.__realGetUserMedia = media.getUserMedia.bind(media);
    media.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await endMicrophone();
  await expect(alert).toContainText('no longer allows the microphone, so you are muted (still in the call)');
  await expect(page.getByRole('button', { name: 'Unmute', exact: true })).toBeVisible();
  await expect(connected(page)).toBeVisible();
  const me = async () => (await control.callParticipants()).find((c) => c.title === group)?.participants[0];
  await expect.poll(async () => (await me())?.muted).toBe(true);

  // Allowed again: "Choose a microphone" opens the device list; picking one puts it live on the same connection.
  await page.evaluate(() => {
    const media = navigator.mediaDevices as MediaDevices & { __realGetUserMedia?: MediaDevices['getUserMedia'] };
    if (media.__realGetUserMedia !== undefined) media.getUserMedia = media.__realGetUserMedia;
  });
  await alert.getByRole('button', { name: 'Choose a microphone' }).click();
  const callMicrophone = page.getByRole('region', { name: 'Devices' }).getByRole('combobox', { name: 'Microphone' });
  const other = (await callMicrophone.locator('option').allTextContents())[1];
  await callMicrophone.selectOption({ label: other });
  await expect(alert).toHaveCount(0);
  await expect.poll(sent).toMatchObject({ live: true });
  expect(
    (await control.log()).filter((e) => e.method === 'phone.joinGroupCall'),
    'never rejoined, never left',
  ).toEqual([]);
  await leaveAsAdmin(page);
});

test('unmuting after a mute reaches the server (muted: false is sent although @mtproto/core drops false flags.N?Bool on its own)', async ({
  page,
  control,
}) => {
  await signIn(page, account('9996610011'));
  const group = await groupWithCall(page, 'Oscar Ortiz');
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(connected(page)).toBeVisible({ timeout: 20_000 });
  // Mallory is the only one in her new group's call; she joined muted, as in Telegram.
  const mine = async () => (await control.callParticipants()).find((c) => c.title === group)?.participants[0];
  await expect.poll(async () => (await mine())?.muted).toBe(true);
  await page.getByRole('button', { name: 'Unmute', exact: true }).click();
  await expect.poll(async () => (await mine())?.muted, { timeout: 5_000 }).toBe(false);
  await page.getByRole('button', { name: 'Mute', exact: true }).click();
  await expect.poll(async () => (await mine())?.muted).toBe(true);
  await page.getByRole('button', { name: 'Unmute', exact: true }).click();
  await expect.poll(async () => (await mine())?.muted, { timeout: 5_000 }).toBe(false);
});

test('the seeded demo call: a person alone joins "Morning chat", hears Bob and Carol, and rejoins after losing the media', async ({
  page,
  control,
}, testInfo) => {
  test.setTimeout(90_000);
  await trackPeerConnections(page.context());
  await signIn(page, seed.erin);
  await openChat(page, seed.megagroup);
  await expect(page.getByRole('heading', { name: /Morning chat/ })).toBeVisible();
  await saveScreen(page, testInfo, 'chat-join-demo');
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(connected(page)).toBeVisible({ timeout: 20_000 });
  const demo = (await control.callParticipants()).find((c) => c.title === 'Morning chat')!;
  // Everyone but Erin, who is the one that joined last.
  const others = [...demo.participants].sort((x, y) => x.date - y.date).slice(0, -1);
  expect(others.length, 'Bob and Carol are in the demo call').toBeGreaterThanOrEqual(2);
  for (const speaker of others) await expectHearing(page, speaker.source, `Erin hears ${speaker.peer}`);
  await expect(participants(page).getByRole('listitem', { name: /^Bob Baker, / })).toBeVisible();
  await expect(participants(page).getByRole('listitem', { name: /^Carol Chen, / })).toBeVisible();
  await expect(
    participants(page)
      .getByRole('listitem', { name: /^(Bob Baker|Carol Chen), speaking/ })
      .first(),
  ).toBeVisible({ timeout: 15_000 });
  await saveScreen(page, testInfo, 'call-connected-speakers');

  // Erin's media is cut in the SFU: the screen says it is reconnecting, then connected, and she hears them again.
  const erin = [...demo.participants].sort((x, y) => x.date - y.date).at(-1)!;
  // The media watchdog notices within ~1.5 s and the rejoin takes a few hundred ms: "Reconnecting…" may show too
  // briefly for a locator's polls, so the page records its status changes.
  await recordStatuses(page);
  const cutAt = await pageNow(page);
  await control.cut(demo.id, erin.peer);
  await expect
    .poll(async () => (await statusTimes(page, cutAt, 'Reconnecting…', 'Connected'))?.thenAt ?? null, {
      message: '"Reconnecting…", then Connected',
      timeout: 30_000,
    })
    .not.toBeNull();
  await expect(connected(page)).toBeVisible();
  for (const speaker of others)
    await expectHearing(page, speaker.source, `Erin hears ${speaker.peer} after the rejoin`);
  await page.getByRole('button', { name: 'Leave' }).click();
});
