// The participant panel and inviting: A, in a call, invites B, C and D (a contact outside the group) from the panel and
// sees who got the invitation and who did not and why; B, on the chat list, sees "A invites you…" and joins from it;
// inviting B again says "already invited"; A's panel shows B speaking, then A mutes B for everyone and B's own screen
// says so; B raises the hand; A's volume slider for B changes the volume of the <audio> that plays B.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { seed, type TestAccount } from './support/accounts';
import { saveScreen } from './support/screens';
import { signIn } from './support/signIn';
import { openChat, participants, unique } from './support/calls';
import { createGroup } from './support/groups';

/** Before any page script: keep every Audio element the engine makes (they play remote audio and are not in the DOM). */
async function trackAudioElements(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Original = window.Audio;
    const kept: HTMLAudioElement[] = [];
    (window as unknown as { __tgcallAudio: HTMLAudioElement[] }).__tgcallAudio = kept;
    window.Audio = function Audio(src?: string) {
      const element = new Original(src);
      kept.push(element);
      return element;
    } as unknown as typeof window.Audio;
  });
}

/** Volumes of the <audio> elements playing something now. */
function playingVolumes(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    ((window as unknown as { __tgcallAudio?: HTMLAudioElement[] }).__tgcallAudio ?? []).filter((a) => a.srcObject !== null).map((a) => a.volume),
  );
}

async function person(browser: Browser, baseURL: string | undefined, account: TestAccount, contexts: BrowserContext[]): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  contexts.push(context);
  await trackAudioElements(context);
  const page = await context.newPage();
  await signIn(page, account);
  return page;
}

test('invite from the panel (partial failure, already invited), join from the invitation, speaking, admin mute, local volume', async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  const contexts: BrowserContext[] = [];
  try {
    const [a, b] = await Promise.all([person(browser, baseURL, seed.main, contexts), person(browser, baseURL, seed.bob, contexts)]);
    const group = `Panel ${unique()}`;
    await createGroup(a, group, ['Bob Baker', 'Carol Chen']);
    await openChat(a, group);
    await a.getByRole('button', { name: 'Start video chat' }).click();
    await a.getByRole('dialog', { name: 'Start video chat' }).getByRole('button', { name: 'Start now' }).click();
    await expect(a.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible({ timeout: 20_000 });
    await expect(participants(a).getByRole('listitem', { name: /^Alice Archer \(you\)/ })).toBeVisible();

    await test.step('A invites Bob, Carol and Dave (a contact outside the group): two invited, Dave not, and why', async () => {
      await a.getByRole('button', { name: 'Invite members' }).click();
      const dialog = a.getByRole('dialog', { name: 'Invite members' });
      const search = dialog.getByRole('searchbox', { name: 'Search members and contacts' });
      for (const name of ['Bob Baker', 'Carol Chen', 'Dave Diaz']) {
        await search.fill(name.split(' ')[0]!.toLowerCase());
        await dialog.getByRole('checkbox', { name: new RegExp(name) }).check();
      }
      await dialog.getByRole('button', { name: 'Invite (3)' }).click();
      const results = dialog.getByRole('region', { name: 'Invitation results' });
      await expect(results.getByRole('status')).toHaveText('Invited 2 of 3.');
      await expect(results.getByRole('listitem')).toHaveText([
        'Bob Baker: invited',
        'Carol Chen: invited',
        'Dave Diaz: not invited. Not a member of this group: only members can be invited.',
      ]);
      await saveScreen(a, testInfo, 'invite-partial-failure');
      await dialog.getByRole('button', { name: 'Close' }).click();
    });

    await test.step('the panel lists Bob and Carol as invited', async () => {
      await expect(participants(a).getByRole('listitem', { name: 'Bob Baker, invited' })).toBeVisible();
      await expect(participants(a).getByRole('listitem', { name: 'Carol Chen, invited' })).toBeVisible();
    });

    const invitation = b.getByRole('complementary', { name: `Invitation to the voice chat in ${group}` });
    await test.step('B, on the chat list, sees the invitation', async () => {
      await expect(b.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();
      await expect(invitation).toContainText(`Alice Archer invites you to the voice chat in ${group}`);
    });

    await test.step('inviting Bob again says he is already invited', async () => {
      await a.getByRole('button', { name: 'Invite members' }).click();
      const dialog = a.getByRole('dialog', { name: 'Invite members' });
      await dialog.getByRole('searchbox', { name: 'Search members and contacts' }).fill('bob');
      await dialog.getByRole('checkbox', { name: /Bob Baker/ }).check();
      await dialog.getByRole('button', { name: 'Invite (1)' }).click();
      await expect(dialog.getByRole('region', { name: 'Invitation results' }).getByRole('listitem')).toHaveText([
        'Bob Baker: not invited. Already invited to this video chat.',
      ]);
      await dialog.getByRole('button', { name: 'Close' }).click();
    });

    await test.step('B joins from the invitation; A sees B in the panel, speaking', async () => {
      await invitation.getByRole('button', { name: 'Join' }).click();
      await expect(b.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible({ timeout: 20_000 });
      await expect(b.getByRole('heading', { name: group, level: 1 })).toBeVisible();
      await expect(participants(a).getByRole('listitem', { name: /^Bob Baker, speaking/ })).toBeVisible({ timeout: 15_000 });
      await expect(participants(a).getByRole('listitem', { name: 'Carol Chen, invited' })).toBeVisible();
    });

    await test.step("A's volume slider for Bob sets the volume of the <audio> playing Bob", async () => {
      const slider = participants(a).getByRole('slider', { name: 'Volume for Bob Baker' });
      await expect(slider).toHaveValue('100');
      await expect.poll(() => playingVolumes(a)).toEqual([1]);
      await slider.fill('40');
      await expect(slider).toHaveAttribute('aria-valuetext', '40%');
      await expect.poll(() => playingVolumes(a)).toEqual([0.4]);
      await slider.fill('200');
      await expect.poll(() => playingVolumes(a)).toEqual([1]);
      await slider.fill('0');
      await expect.poll(() => playingVolumes(a)).toEqual([0]);
      await slider.fill('100');
    });

    await test.step('A mutes B for everyone: B sees it and can only raise the hand; A allows B to speak again', async () => {
      const bobRow = participants(a).getByRole('listitem', { name: /^Bob Baker/ });
      await bobRow.getByRole('button', { name: 'Mute for everyone' }).click();
      await expect(participants(a).getByRole('listitem', { name: 'Bob Baker, muted by admin' })).toBeVisible();
      await expect(b.getByText('An admin muted you')).toBeVisible();
      await b.getByRole('button', { name: 'Raise hand' }).click();
      await expect(participants(a).getByRole('listitem', { name: 'Bob Baker, muted by admin, hand raised' })).toBeVisible();
      await saveScreen(a, testInfo, 'participant-panel');
      await bobRow.getByRole('button', { name: 'Allow to speak' }).click();
      await expect(b.getByRole('button', { name: 'Unmute' })).toBeVisible();
      await expect(b.getByText('Your microphone is off')).toBeVisible();
    });
  } finally {
    for (const context of contexts) await context.close();
  }
});
