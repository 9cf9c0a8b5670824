// Devices: Settings lists the microphones, speakers and cameras by name (enumerateDevices) and "Test microphone" shows
// its level; in a call, picking another microphone swaps the track on the same connection (replaceTrack): no second
// phone.joinGroupCall, one RTCPeerConnection, the new device's track on its sender, the person still live.
import { expect, test } from './support/fixtures';
import { account } from './support/accounts';
import { connected, leaveAsAdmin, openChat, trackPeerConnections, unique, unmute, startCallNow } from './support/calls';
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
  await startCallNow(page, group);
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

  // The sending track of the one open connection: its device label and id.
  const sending = () =>
    page.evaluate(() => {
      const pc = (window as unknown as { __tgcallPeerConnections: RTCPeerConnection[] }).__tgcallPeerConnections.find(
        (p) => p.connectionState !== 'closed',
      );
      const track = pc?.getSenders()[0]?.track;
      return { label: track?.label ?? '', id: track?.id ?? '' };
    });

  await test.step('the microphone in use goes away (its track ends): the default takes over, said so, no rejoin', async () => {
    // What the browser does when a device is unplugged: the track fires "ended" (fake devices cannot be unplugged).
    await page.evaluate(() => {
      const pc = (window as unknown as { __tgcallPeerConnections: RTCPeerConnection[] }).__tgcallPeerConnections.find(
        (p) => p.connectionState !== 'closed',
      );
      pc?.getSenders()[0]?.track?.dispatchEvent(new Event('ended'));
    });
    await expect(
      page
        .getByRole('region', { name: 'Devices', exact: true })
        .getByText('Your microphone stopped (unplugged or taken by another app)'),
    ).toBeVisible();
    await expect.poll(async () => (await sending()).label).not.toBe(other);
    await expect(callMicrophone).toHaveValue('');
    await expect(connected(page)).toBeVisible();
  });

  await test.step('the system default moves to another device (devicechange): the call follows it and says so', async () => {
    await page.getByRole('button', { name: 'Devices' }).click(); // closed: the stage says it
    const before = await sending();
    // The devices as the browser would list them after a headset is plugged in and becomes the default: Chromium's
    // "default" alias names the device behind it. The fake device list has no headset, so the list is the test's.
    const announce = (label: string) =>
      page.evaluate(async (defaultLabel) => {
        const media = navigator.mediaDevices;
        const real = await MediaDevices.prototype.enumerateDevices.call(media);
        const listed = real.filter((d) => !(d.kind === 'audioinput' && d.deviceId === 'default'));
        const alias = { deviceId: 'default', kind: 'audioinput', label: defaultLabel, groupId: 'g' } as MediaDeviceInfo;
        media.enumerateDevices = async () => [alias, ...listed];
        media.dispatchEvent(new Event('devicechange'));
      }, label);
    await announce('Default - Fake Default Audio Input');
    await announce('Default - Test headset');
    // On the stage (not only in the screen readers' live region, which says it too).
    const stage = page
      .getByRole('status')
      .filter({ hasText: 'The default microphone is now Test headset' })
      .and(page.locator(':not(.visually-hidden)'));
    await expect(stage).toBeVisible();
    // A fresh track from the (new) default on the same sender.
    await expect.poll(async () => (await sending()).id).not.toBe(before.id);
    await expect(connected(page)).toBeVisible();
    await saveScreen(page, testInfo, 'call-default-device-changed');
  });
  expect(
    (await control.log()).filter((e) => e.method === 'phone.joinGroupCall'),
    'no rejoin after the device changes',
  ).toEqual([]);
  await leaveAsAdmin(page);
});
