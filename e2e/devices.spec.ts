// Devices: Settings lists the microphones, speakers and cameras by name (enumerateDevices) and "Test microphone" shows
// its level; in a call, picking another microphone swaps the track on the same connection (replaceTrack): no second
// phone.joinGroupCall, one RTCPeerConnection, the new device's track on its sender, the person still live.
import { expect, test } from './support/fixtures';
import { account } from './support/accounts';
import { connected, leaveAsAdmin, openChat, trackPeerConnections, unique, unmute } from './support/calls';
import { createGroup } from './support/groups';
import { saveScreen } from './support/screens';
import { signIn } from './support/signIn';

test('pick a microphone in Settings (with its level) and switch it mid-call without rejoining', async ({
  page,
  control,
}, testInfo) => {
  test.setTimeout(90_000);
  await trackPeerConnections(page.context());
  await signIn(page, account('9996610012'));

  await page.getByRole('link', { name: 'Settings' }).click();
  const microphone = page.getByRole('combobox', { name: 'Microphone' });
  await expect(microphone).toBeVisible();
  await page.getByRole('button', { name: 'Test microphone' }).click();
  const meter = page.getByRole('meter', { name: 'Microphone level' });
  await expect(meter).toBeVisible();
  // Chromium's fake microphone beeps: the level rises above zero.
  await expect
    .poll(async () => Number(await meter.getAttribute('aria-valuenow')), { timeout: 10_000 })
    .toBeGreaterThan(0);
  // Once allowed, the devices have their names (Chromium's fake ones).
  const names = await microphone.locator('option').allTextContents();
  expect(names[0]).toBe('Default microphone');
  expect(names.length, `microphones: ${names.join(', ')}`).toBeGreaterThanOrEqual(2);
  await expect(page.getByRole('combobox', { name: 'Speaker' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Camera' })).toBeVisible();
  await saveScreen(page, testInfo, 'settings-devices');
  await page.getByRole('button', { name: 'Stop test' }).click();
  await expect(meter).toHaveCount(0);

  await page.getByRole('link', { name: 'Back' }).click();
  const group = `Devices ${unique()}`;
  await createGroup(page, group, ['Mallory Moss']);
  await openChat(page, group);
  await page.getByRole('button', { name: 'Start video chat' }).click();
  const start = page.getByRole('dialog', { name: 'Start video chat' });
  await start.getByRole('textbox', { name: 'Title' }).fill(group);
  await start.getByRole('button', { name: 'Start now' }).click();
  await expect(connected(page)).toBeVisible({ timeout: 20_000 });
  await unmute(page);
  await control.clear();

  await page.getByRole('button', { name: 'Devices' }).click();
  const devices = page.getByRole('region', { name: 'Devices' });
  const callMicrophone = devices.getByRole('combobox', { name: 'Microphone' });
  const other = (await callMicrophone.locator('option').allTextContents())[1];
  await callMicrophone.selectOption({ label: other });
  await saveScreen(page, testInfo, 'call-devices');

  // The same connection sends the new device's track.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const pcs = (
          window as unknown as { __tgcallPeerConnections: RTCPeerConnection[] }
        ).__tgcallPeerConnections.filter((pc) => pc.connectionState !== 'closed');
        return pcs.map((pc) => pc.getSenders()[0]?.track?.label ?? '');
      }),
    )
    .toEqual([other]);
  await expect(connected(page)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Mute', exact: true })).toBeVisible();
  expect(
    (await control.log()).filter((e) => e.method === 'phone.joinGroupCall'),
    'no rejoin',
  ).toEqual([]);
  const me = (await control.callParticipants()).find((c) => c.title === group)!.participants[0];
  expect(me).toMatchObject({ muted: false });
  await leaveAsAdmin(page);
});
