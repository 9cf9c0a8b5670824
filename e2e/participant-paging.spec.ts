// A call bigger than one page: the app reads one page of 50 participants when it joins (as Telegram Desktop does) and
// the next pages only as the panel is scrolled near the end, instead of every page at join; and it does not poll
// phone.checkGroupCall while the media connection works.
import { expect, test } from './support/fixtures';
import { seed } from './support/accounts';
import { connected, leaveAsAdmin, openChat, participants, unique, startCallNow } from './support/calls';
import { createGroup } from './support/groups';
import { signIn } from './support/signIn';

test('a call of 121: 50 listed at join, the rest page by page as the panel is scrolled; no checkGroupCall while connected', async ({
  page,
  control,
}) => {
  test.setTimeout(90_000);
  await signIn(page, seed.grace);
  const title = `Paging ${unique()}`;
  await createGroup(page, title, ['Heidi Hall']);
  await openChat(page, title);
  await startCallNow(page);
  // The call just started is the newest one (tests run one at a time on this server).
  const callId = Math.max(...(await control.calls()).map((c) => c.id));

  // Leave, let 120 listeners in, and join again: a fresh load of the list.
  await leaveAsAdmin(page);
  await expect(page.getByRole('button', { name: 'Join' })).toBeVisible();
  expect((await control.seedParticipants(callId, 120)).participantsCount).toBe(120);
  await control.clear();
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(connected(page)).toBeVisible({ timeout: 20_000 });
  const pagesRead = async () =>
    (await control.log()).filter((entry) => entry.method === 'phone.getGroupParticipants').length;
  await expect(participants(page)).toHaveAttribute('aria-label', 'Participants (50 of 121)');
  expect(await pagesRead()).toBe(1);

  // Scrolling to the end of the list asks for the next page, and again, until everyone is listed.
  const scrollToEnd = () =>
    participants(page).evaluate((list) => {
      const scroller = list.parentElement!;
      scroller.scrollTop = scroller.scrollHeight;
    });
  await expect(async () => {
    await scrollToEnd();
    await expect(participants(page)).toHaveAttribute('aria-label', 'Participants (121)', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  expect(await pagesRead()).toBe(3);
  await expect(
    participants(page)
      .getByRole('listitem', { name: /^Listener \d+/ })
      .first(),
  ).toBeVisible();

  // Media has been connected all along: phone.checkGroupCall is not polled (Telegram Desktop asks only while connecting).
  const checksBefore = (await control.log()).filter((entry) => entry.method === 'phone.checkGroupCall').length;
  await page.waitForTimeout(9_000); // two of the old 4 s polling periods
  expect((await control.log()).filter((entry) => entry.method === 'phone.checkGroupCall').length).toBe(checksBefore);
});
