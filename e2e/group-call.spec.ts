// Two and three people in one group call, in real Chromium with the fake microphone: each hears the others (inbound-rtp
// from the other's SSRC, packets and energy growing), the panels list everyone and show who speaks, mute stops the
// packets, leaving drops the row at once, and ending the call shows "Call ended" to the others.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { seed, type TestAccount } from './support/accounts';
import type { ControlClient } from './support/control';
import { saveScreen } from './support/screens';
import { signedInPerson } from './support/pages';
import {
  expectHearing,
  inboundAudio,
  openChat,
  participants,
  trackPeerConnections,
  unique,
  unmute,
  unsigned,
} from './support/calls';
import { createGroup } from './support/groups';

const person = (browser: Browser, baseURL: string | undefined, account: TestAccount, contexts: BrowserContext[]) =>
  signedInPerson(browser, baseURL, account, contexts, { prepare: trackPeerConnections });

/** The source (SSRC) of a user in the call of `chatTitle`, from the server's view. */
async function sourceOf(control: ControlClient, title: string, name: string, userId?: number): Promise<number> {
  let source: number | undefined;
  await expect
    .poll(
      async () => {
        const call = (await control.callParticipants()).find((c) => c.title === title);
        const p = call?.participants.find((x) => (userId === undefined ? true : x.userId === userId));
        source = p?.source;
        return source !== undefined && source !== 0;
      },
      { message: `${name}'s source in "${title}"` },
    )
    .toBe(true);
  return source!;
}

test('two people talk in a new group call; a third joining late hears both; mute, leave and end', async ({
  browser,
  baseURL,
  control,
}, testInfo) => {
  test.setTimeout(150_000);
  const contexts: BrowserContext[] = [];
  try {
    const [a, b] = await Promise.all([
      person(browser, baseURL, seed.frank, contexts),
      person(browser, baseURL, seed.grace, contexts),
    ]);
    const group = `Call ${unique()}`;
    const callTitle = `Standup ${unique()}`;
    await createGroup(a, group, ['Grace Gupta', 'Heidi Hall']);

    // A starts the call from the chat page and is in it.
    await openChat(a, group);
    await expect(a.getByRole('button', { name: 'Start video chat' })).toBeVisible();
    await saveScreen(a, testInfo, 'chat-start');
    await a.getByRole('button', { name: 'Start video chat' }).click();
    const dialog = a.getByRole('dialog', { name: 'Start video chat' });
    await dialog.getByRole('textbox', { name: 'Title' }).fill(callTitle);
    await saveScreen(a, testInfo, 'start-dialog-now');
    await dialog.getByRole('button', { name: 'Start now' }).click();
    await expect(a.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible({ timeout: 20_000 });
    const aSource = await sourceOf(control, callTitle, 'Frank');

    await test.step('A is in the call muted, as in Telegram: a large Unmute, the own row muted, the server told so', async () => {
      await expect(a.getByRole('button', { name: 'Unmute', exact: true })).toBeVisible();
      await expect(a.getByText('You are muted')).toBeVisible();
      await expect(participants(a).getByRole('listitem', { name: 'Frank Fischer (you), muted' })).toBeVisible();
      const frank = (await control.callParticipants())
        .find((c) => c.title === callTitle)!
        .participants.find((p) => p.source === aSource);
      expect(frank).toMatchObject({ muted: true });
      await unmute(a);
      await expect(a.getByText('You are live')).toBeVisible();
    });

    await test.step('keyboard: M toggles the microphone, holding Space talks (push to talk), ? lists the shortcuts', async () => {
      const frank = async () =>
        (await control.callParticipants())
          .find((c) => c.title === callTitle)!
          .participants.find((p) => p.source === aSource)?.muted;
      // Focus away from the controls (Space on a button presses the button, as everywhere).
      await a.getByRole('heading', { name: callTitle, level: 2 }).click();
      await a.keyboard.press('m');
      await expect(a.getByRole('button', { name: 'Unmute', exact: true })).toBeVisible();
      await expect.poll(frank).toBe(true);
      await a.keyboard.down(' ');
      await expect(a.getByRole('button', { name: 'Mute', exact: true })).toBeVisible();
      await expect.poll(frank).toBe(false);
      await a.keyboard.up(' ');
      await expect(a.getByRole('button', { name: 'Unmute', exact: true })).toBeVisible();
      await expect.poll(frank).toBe(true);
      await a.keyboard.press('?');
      const shortcuts = a.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect(shortcuts).toContainText('Hold Space');
      await a.keyboard.press('Escape');
      await expect(shortcuts).toHaveCount(0);
      await a.keyboard.press('m');
      await expect(a.getByRole('button', { name: 'Mute', exact: true })).toBeVisible();
    });

    // B sees the call going on and joins.
    await openChat(b, group);
    await expect(b.getByText('1 person in the call')).toBeVisible();
    await saveScreen(b, testInfo, 'chat-join');
    await b.getByRole('button', { name: 'Join' }).click();
    await expect(b.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible({ timeout: 20_000 });
    let bSource = 0;
    await expect
      .poll(async () => {
        const call = (await control.callParticipants()).find((c) => c.title === callTitle);
        bSource = call?.participants.find((p) => p.source !== aSource)?.source ?? 0;
        return call?.participants.length;
      })
      .toBe(2);
    await unmute(b);

    await test.step('each hears the other: inbound-rtp from the other SSRC, packets and energy growing', async () => {
      const bHearsA = await expectHearing(b, aSource, 'B hears A');
      const aHearsB = await expectHearing(a, bSource, 'A hears B');
      testInfo.annotations.push({
        type: 'figures',
        description: `B←A ${bHearsA.packets} packets, energy ${bHearsA.energy.toFixed(3)}; A←B ${aHearsB.packets} packets, energy ${aHearsB.energy.toFixed(3)}`,
      });
      // Neither receives its own source back.
      expect((await inboundAudio(a)).has(unsigned(aSource))).toBe(false);
      expect((await inboundAudio(b)).has(unsigned(bSource))).toBe(false);
    });

    await test.step('both panels list both people, and show the other speaking', async () => {
      for (const page of [a, b]) {
        await expect(participants(page).getByRole('listitem')).toHaveCount(2);
      }
      await expect(participants(a).getByRole('listitem', { name: /^Frank Fischer \(you\), / })).toBeVisible();
      await expect(participants(a).getByRole('listitem', { name: /^Grace Gupta, speaking/ })).toBeVisible({
        timeout: 15_000,
      });
      await expect(participants(b).getByRole('listitem', { name: /^Grace Gupta \(you\), / })).toBeVisible();
      await expect(participants(b).getByRole('listitem', { name: /^Frank Fischer, speaking/ })).toBeVisible({
        timeout: 15_000,
      });
      await saveScreen(b, testInfo, 'call-connected-speaking');
    });

    await test.step('B looks at the chat list and comes back: the call goes on meanwhile', async () => {
      await b.getByRole('link', { name: 'Chats' }).click();
      const bar = b.getByRole('complementary', { name: 'Current call' });
      await expect(bar).toContainText(callTitle);
      const packets = (await inboundAudio(b)).get(unsigned(aSource))!.packetsReceived;
      await expect
        .poll(async () => (await inboundAudio(b)).get(unsigned(aSource))!.packetsReceived)
        .toBeGreaterThan(packets);
      await expect(bar).toContainText(/speaking/);
      // The bar has the microphone and Leave: B mutes and unmutes from the chat list.
      await bar.getByRole('button', { name: 'Mute', exact: true }).click();
      await expect(participants(a).getByRole('listitem', { name: /^Grace Gupta, muted/ })).toBeVisible();
      await bar.getByRole('button', { name: 'Unmute', exact: true }).click();
      await expect(bar.getByRole('button', { name: 'Mute', exact: true })).toBeVisible();
      await saveScreen(b, testInfo, 'in-call-bar');
      await bar.getByRole('link', { name: /back to the call/ }).click();
      await expect(b.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
      await expect(bar).toHaveCount(0);
    });

    let c: Page | undefined;
    await test.step('a third person joining late hears both', async () => {
      c = await person(browser, baseURL, seed.heidi, contexts);
      await openChat(c, group);
      await c.getByRole('button', { name: 'Join' }).click();
      await expect(c.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible({ timeout: 20_000 });
      await expectHearing(c, aSource, 'C hears A');
      await expectHearing(c, bSource, 'C hears B');
      await expect(participants(c).getByRole('listitem')).toHaveCount(3);
      await expect(participants(a).getByRole('listitem', { name: /^Heidi Hall, / })).toBeVisible();

      // C leaves: A's list drops C at once.
      await c.getByRole('button', { name: 'Leave' }).click();
      await expect(c.getByRole('button', { name: 'Join' })).toBeVisible();
      await expect(participants(a).getByRole('listitem', { name: /^Heidi Hall, / })).toHaveCount(0, { timeout: 3_000 });
      await expect(participants(a).getByRole('listitem')).toHaveCount(2);
    });

    // (Unmuting is checked in call-faults.spec.ts: it does not reach the server yet, see there.)
    await test.step('A mutes: B stops receiving packets from A', async () => {
      await a.getByRole('button', { name: 'Mute', exact: true }).click();
      await expect(a.getByRole('button', { name: 'Unmute', exact: true })).toBeVisible();
      await expect(participants(b).getByRole('listitem', { name: /^Frank Fischer, muted/ })).toBeVisible();
      await saveScreen(a, testInfo, 'call-muted');
      await b.waitForTimeout(1_000); // packets already in flight
      const before = (await inboundAudio(b)).get(unsigned(aSource))!.packetsReceived;
      await b.waitForTimeout(2_000);
      const after = (await inboundAudio(b)).get(unsigned(aSource))!.packetsReceived;
      expect(after - before, 'packets from A while A is muted').toBe(0);
    });

    await test.step('"Only admins can speak": B cannot unmute, raises the hand, A sees it', async () => {
      await a.getByRole('checkbox', { name: 'Only admins can speak' }).check();
      await expect(b.getByRole('button', { name: 'Raise hand' })).toBeVisible();
      await expect(b.getByRole('button', { name: /^(Mute|Unmute)$/ })).toHaveCount(0);
      await expect(b.getByText('An admin muted you')).toBeVisible();
      await b.getByRole('button', { name: 'Raise hand' }).click();
      await expect(b.getByRole('button', { name: 'Lower hand' })).toHaveAttribute('aria-pressed', 'true');
      await expect(
        participants(a).getByRole('listitem', { name: 'Grace Gupta, muted by admin, hand raised' }),
      ).toBeVisible();
      await saveScreen(b, testInfo, 'call-raised-hand');

      // Someone joining now starts muted, with a hand to raise instead of a microphone to switch on.
      await c!.getByRole('button', { name: 'Join' }).click();
      await expect(c!.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible({ timeout: 20_000 });
      await expect(c!.getByRole('button', { name: 'Raise hand' })).toBeVisible();
      await expect(participants(a).getByRole('listitem', { name: /^Heidi Hall, muted/ })).toBeVisible();
      const heidi = (await control.callParticipants())
        .find((x) => x.title === callTitle)!
        .participants.find((p) => p.source !== aSource && p.source !== bSource)!;
      expect(heidi).toMatchObject({ muted: true, canSelfUnmute: false });
    });

    await test.step('A ends the call for everyone (with confirmation); B sees it ended', async () => {
      const endButton = a.getByRole('button', { name: 'End for everyone' });
      await endButton.click();
      const confirm = a.getByRole('dialog', { name: 'End the call for everyone?' });
      // Esc backs out, focus back on the button that asked.
      await a.keyboard.press('Escape');
      await expect(confirm).toHaveCount(0);
      await expect(endButton).toBeFocused();
      await endButton.click();
      await confirm.getByRole('button', { name: 'End call' }).click();
      await expect(b.getByRole('status').filter({ hasText: 'Call ended' })).toBeVisible({ timeout: 10_000 });
      await expect(b.getByText('The call was ended for everyone.')).toBeVisible();
      await saveScreen(b, testInfo, 'call-ended');
      await b.getByRole('button', { name: 'Back to the chat' }).click();
      await expect(b.getByRole('button', { name: 'Start video chat' })).toBeVisible();
    });
  } finally {
    for (const context of contexts) await context.close();
  }
});
