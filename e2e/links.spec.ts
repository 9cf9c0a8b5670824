// Invite links and the deep-link route, on a server of its own (the test changes the seeded "Morning chat" in
// @tgcall_demo: "Only admins can speak", joins as a channel). Alice (admin, owns channels: the chat page's Join asks
// whom to join as) copies a speaker link; Dave, signed out, opens the app's route for it, signs in, lands in the call
// and can speak; Erin with the listener link can only raise her hand. Alice joins again as her channel @tgcall_news,
// pasting the link on the chat list: Dave's panel shows the channel, and her invitations are refused
// (INVITE_FORBIDDEN_WITH_JOINAS) with their sentence. Revoked speaker links make listeners. A malformed link, an
// unknown username and a chat with no call each show their own page.
import type { BrowserContext } from '@playwright/test';
import { appRouteForLink, parseCallLink } from '../src/links';
import { expect, test } from './support/fixtures';
import { seed } from './support/accounts';
import { ControlClient } from './support/control';
import { saveScreen } from './support/screens';
import { enterCode, enterPhone, signIn } from './support/signIn';
import { confirmJoin, connected, leaveAsAdmin, openChat, participants } from './support/calls';
import { newPage } from './support/pages';

const DEMO_CALL = 'Morning chat';

test('speaker and listener links, the /join route across sign-in, join as a channel, and the dead-end pages', async ({
  browser,
  startIsolatedStack,
}, testInfo) => {
  test.setTimeout(150_000);
  const stack = await startIsolatedStack();
  const control = new ControlClient(stack.server.controlUrl);
  const app = stack.app.url;
  const contexts: BrowserContext[] = [];
  try {
    const [a, d, e] = await Promise.all([
      newPage(browser, app, contexts),
      newPage(browser, app, contexts),
      newPage(browser, app, contexts),
    ]);
    await Promise.all([signIn(a, seed.main, app), signIn(e, seed.erin, app)]);

    // Alice joins the demo call, makes it "Only admins can speak" and copies both links.
    // Alice owns channels, so the chat page's Join asks whom to join as first; she joins as herself.
    await openChat(a, seed.megagroup);
    await a.getByRole('button', { name: 'Join' }).click();
    await expect(a.getByRole('group', { name: 'Join as' }).getByRole('radio', { name: /Alice Archer/ })).toBeChecked();
    await a.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(connected(a)).toBeVisible({ timeout: 20_000 });
    await a.getByRole('checkbox', { name: 'Only admins can speak' }).check();
    await a.getByRole('button', { name: 'Copy speaker link' }).click();
    await expect(a.getByRole('status').filter({ hasText: 'Speaker link copied' })).toBeVisible();
    const speakerLink = await a.getByRole('textbox', { name: 'Speaker link' }).inputValue();
    expect(await a.evaluate(() => navigator.clipboard.readText())).toBe(speakerLink);
    await a.getByRole('button', { name: 'Copy invite link' }).click();
    const listenerLink = await a.getByRole('textbox', { name: 'Invite link' }).inputValue();
    expect(speakerLink).toMatch(/^https:\/\/t\.me\/tgcall_demo\?videochat=/);
    expect(listenerLink).toMatch(/^https:\/\/t\.me\/tgcall_demo\?videochat=/);
    expect(listenerLink).not.toBe(speakerLink);
    await saveScreen(a, testInfo, 'call-invite-links');

    await test.step('Dave, signed out, opens the speaker link route, is told why to sign in, signs in, is asked, joins muted and unmutes', async () => {
      const inCall = async () =>
        (await control.callParticipants()).find((c) => c.title === DEMO_CALL)?.participants.length;
      const before = await inCall();
      await d.goto(appRouteForLink(parseCallLink(speakerLink)));
      await expect(d.getByRole('note')).toHaveText(
        'You opened a link to the video chat of @tgcall_demo. Sign in to open it; you will be asked before joining.',
      );
      await saveScreen(d, testInfo, 'sign-in-from-link');
      await enterPhone(d, seed.dave.phone);
      await enterCode(d, seed.dave.code);
      // Signed in, he sees which call it is before anything connects (no microphone yet, not in the call).
      await expect(d.getByRole('heading', { name: 'Join the video chat?', level: 1 })).toBeVisible({ timeout: 20_000 });
      await expect(d.getByText(DEMO_CALL)).toBeVisible();
      await expect(d.getByText('You join with your microphone off')).toBeVisible();
      await saveScreen(d, testInfo, 'link-confirm-join');
      expect(await inCall(), 'nobody joined before Dave said so').toBe(before);
      await d.getByRole('button', { name: 'Join video chat' }).click();
      await expect(d.getByRole('heading', { name: seed.megagroup, level: 1 })).toBeVisible();
      await expect(connected(d)).toBeVisible({ timeout: 20_000 });
      await expect(d.getByRole('button', { name: 'Raise hand' })).toHaveCount(0);
      // The speaker link lets Dave speak although only admins can: he joined muted, unmutes himself, and Alice sees it.
      const daveRow = participants(a).getByRole('listitem', { name: /^Dave Diaz/ });
      await expect(daveRow).toHaveAccessibleName(/muted/);
      await d.getByRole('button', { name: 'Unmute' }).click();
      await expect(d.getByRole('button', { name: 'Mute', exact: true })).toBeVisible();
      await expect(daveRow).toHaveAccessibleName(/mic on|speaking/);
      await expect(daveRow).not.toHaveAccessibleName(/muted/);
    });

    await test.step('Erin with the listener link (the web+tg handler form) can only raise her hand', async () => {
      await e.goto(
        `/join?link=${encodeURIComponent(listenerLink.replace('https://t.me/tgcall_demo?', 'web+tg://resolve?domain=tgcall_demo&'))}`,
      );
      await confirmJoin(e);
      await expect(connected(e)).toBeVisible({ timeout: 20_000 });
      await expect(e.getByRole('button', { name: 'Raise hand' })).toBeVisible();
      await expect(e.getByRole('button', { name: /^(Mute|Unmute)$/ })).toHaveCount(0);
      await expect(e.getByRole('button', { name: 'Copy speaker link' })).toHaveCount(0);
    });

    await test.step('Alice leaves, pastes the link on the chat list, picks her channel and joins as it; Dave sees the channel', async () => {
      await leaveAsAdmin(a);
      await a.getByRole('link', { name: 'Chats' }).click();
      // Offering to handle web+tg: links must not fail in a browser that has registerProtocolHandler.
      await a.getByRole('button', { name: 'Open web+tg links with tgcall' }).click();
      await expect(
        a.getByRole('status').filter({ hasText: 'Your browser will ask whether tgcall may open web+tg: links.' }),
      ).toBeVisible();
      await a.getByRole('textbox', { name: 'Open a link' }).fill(listenerLink);
      await saveScreen(a, testInfo, 'chat-list-open-link');
      await a.getByRole('button', { name: 'Open', exact: true }).click();
      const picker = a.getByRole('group', { name: 'Join as' });
      await expect(picker.getByRole('radio', { name: /Alice Archer/ })).toBeChecked();
      await expect(picker.getByRole('radio', { name: /tgcall news/ })).toBeVisible();
      await saveScreen(a, testInfo, 'join-as-picker');
      await picker.getByRole('radio', { name: /tgcall news/ }).check();
      await a.getByRole('checkbox', { name: 'Remember my choice' }).check();
      await a.getByRole('button', { name: 'Join', exact: true }).click();
      await expect(connected(a)).toBeVisible({ timeout: 20_000 });
      await expect(participants(d).getByRole('listitem', { name: /^tgcall news/ })).toBeVisible({ timeout: 10_000 });
      await expect(participants(d).getByRole('listitem', { name: /^Alice Archer/ })).toHaveCount(0);
      await expect
        .poll(async () =>
          (await control.callParticipants())
            .find((c) => c.title === DEMO_CALL)
            ?.participants.some((p) => p.peer.startsWith('channel:')),
        )
        .toBe(true);
      await saveScreen(d, testInfo, 'call-joined-as-channel');
      // Alice's own row is the channel too.
      await expect(participants(a).getByRole('listitem', { name: /^tgcall news \(you\)/ })).toBeVisible();
    });

    await test.step('inviting while joined as a channel is refused with its sentence (INVITE_FORBIDDEN_WITH_JOINAS)', async () => {
      await a.getByRole('button', { name: 'Invite members' }).click();
      const dialog = a.getByRole('dialog', { name: 'Invite members' });
      await dialog.getByRole('searchbox', { name: 'Search members and contacts' }).fill('heidi');
      await dialog.getByRole('checkbox', { name: /Heidi Hall/ }).check();
      await dialog.getByRole('button', { name: 'Invite (1)' }).click();
      await expect(dialog.getByRole('region', { name: 'Invitation results' }).getByRole('listitem')).toHaveText(
        /^Heidi Hall: not invited\. You joined as a channel/,
      );
      await dialog.getByRole('button', { name: 'Close' }).click();
    });

    await test.step('Alice revokes the speaker links: the old speaker link now makes Frank (new to the call) a listener', async () => {
      await a.getByRole('button', { name: 'Revoke speaker links' }).click();
      await expect(a.getByRole('status').filter({ hasText: 'Speaker links revoked' })).toBeVisible();
      const f = await newPage(browser, app, contexts);
      await signIn(f, seed.frank, app);
      await f.goto(appRouteForLink(parseCallLink(speakerLink)));
      await confirmJoin(f);
      await expect(connected(f)).toBeVisible({ timeout: 20_000 });
      await expect(f.getByRole('button', { name: 'Raise hand' })).toBeVisible();
      await expect(f.getByRole('button', { name: /^(Mute|Unmute)$/ })).toHaveCount(0);
    });

    await test.step('a malformed link, an unknown username and a chat with no call each have their page', async () => {
      await e.goto('/join?domain=no!such&videochat');
      await expect(e.getByRole('heading', { name: 'This link does not work', level: 1 })).toBeVisible();
      await expect(e.getByRole('alert')).toHaveText(/cannot be a Telegram username/);
      await saveScreen(e, testInfo, 'link-invalid');
      await e.goto('/join?domain=nobody_has_this&videochat');
      await expect(e.getByRole('heading', { name: 'No such group or channel', level: 1 })).toBeVisible();
      await expect(e.getByRole('alert')).toHaveText(/@nobody_has_this/);
      await saveScreen(e, testInfo, 'link-unknown-username');
      await e.goto('/join?domain=tgcall_news&videochat');
      await expect(e.getByRole('heading', { name: 'No video chat right now', level: 1 })).toBeVisible();
      await expect(e.getByRole('alert')).toHaveText(/no video chat in tgcall news/);
      await saveScreen(e, testInfo, 'link-no-call');
      await e.getByRole('main').getByRole('link', { name: 'Back to chats' }).last().click();
      await expect(e.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();
    });
  } finally {
    for (const context of contexts) await context.close();
  }
});
