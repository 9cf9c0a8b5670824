// The participant panel and inviting: A, in a call, invites B, C and D (a contact outside the group) from the panel and
// sees who got the invitation and who did not and why; B, on the chat list, sees "A invites you…" and joins from it;
// inviting B again says "already invited"; A's panel shows B speaking, then A mutes B for everyone and B's own screen
// says so; B raises the hand; A's volume slider for B changes the volume of the <audio> that plays B.
// Sharing invite links with a recording navigator.share (headless Chromium has none): what was shared and what the
// screen says when sharing works, is cancelled (AbortError: nothing) or fails (its sentence). Joining the demo
// supergroup's call, Alice's join-as picker names her personal account, her channel and her group by their kinds, and
// the invite picker's search finds members of the supergroup. In a supergroup of 460 members (on a server of its own),
// the picker lists the first 200 and says so, and typing asks the server (channelParticipantsSearch): a member beyond
// the first page is found and invited.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { seed, type TestAccount } from './support/accounts';
import { saveScreen } from './support/screens';
import { signIn } from './support/signIn';
import { signedInPerson } from './support/pages';
import { connected, leaveAsAdmin, openChat, participants, unique, unmute, startCallNow } from './support/calls';
import { createGroup } from './support/groups';
import { ControlClient } from './support/control';
import { axeViolations } from './support/axe';

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
    ((window as unknown as { __tgcallAudio?: HTMLAudioElement[] }).__tgcallAudio ?? [])
      .filter((a) => a.srcObject !== null)
      .map((a) => a.volume),
  );
}

const person = (browser: Browser, baseURL: string | undefined, account: TestAccount, contexts: BrowserContext[]) =>
  signedInPerson(browser, baseURL, account, contexts, { prepare: trackAudioElements });

test('invite from the panel (partial failure, already invited), join from the invitation, speaking, admin mute, local volume', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(90_000);
  const contexts: BrowserContext[] = [];
  try {
    const [a, b] = await Promise.all([
      person(browser, baseURL, seed.main, contexts),
      person(browser, baseURL, seed.bob, contexts),
    ]);
    const group = `Panel ${unique()}`;
    await createGroup(a, group, ['Bob Baker', 'Carol Chen']);
    await openChat(a, group);
    await startCallNow(a);
    await expect(participants(a).getByRole('listitem', { name: /^Alice Archer \(you\)/ })).toBeVisible();

    await test.step('A invites Bob, Carol and Dave (a contact outside the group): two invited, Dave not, and why', async () => {
      await a.getByRole('button', { name: 'Invite members' }).click();
      const dialog = a.getByRole('dialog', { name: 'Invite members' });
      const search = dialog.getByRole('searchbox', { name: 'Search members and contacts' });
      for (const name of ['Bob Baker', 'Carol Chen', 'Dave Diaz']) {
        await search.fill(name.split(' ')[0].toLowerCase());
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
      // Invited rows are told apart by their badge, not faded (fading them failed WCAG AA contrast).
      expect(await axeViolations(a)).toEqual([]);
    });

    const invitation = b.getByRole('complementary', { name: `Invitation to the voice chat in ${group}` });
    await test.step('B, on the chat list, sees the invitation', async () => {
      await expect(b.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();
      await expect(invitation).toContainText(`Alice Archer invites you to the voice chat in ${group}`);
    });

    await test.step('the picker shows Bob and Carol as already invited, and does not offer them again', async () => {
      const opener = a.getByRole('button', { name: 'Invite members' });
      await opener.click();
      const dialog = a.getByRole('dialog', { name: 'Invite members' });
      await dialog.getByRole('searchbox', { name: 'Search members and contacts' }).fill('bob');
      const bob = dialog.getByRole('checkbox', { name: /Bob Baker/ });
      await expect(bob).toBeDisabled();
      await expect(dialog.getByText('already invited')).toBeVisible();
      await expect(dialog.getByRole('button', { name: /^Invite/ })).toBeDisabled();
      await saveScreen(a, testInfo, 'invite-already-invited');
      // Esc clears the search box first (as any search field), then closes the dialog, putting focus back on the
      // button that opened it.
      await a.keyboard.press('Escape');
      await expect(dialog.getByRole('searchbox', { name: 'Search members and contacts' })).toHaveValue('');
      await a.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await expect(opener).toBeFocused();
    });

    await test.step('B joins from the invitation; A sees B in the panel, speaking', async () => {
      await invitation.getByRole('button', { name: 'Join' }).click();
      await expect(b.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible({ timeout: 20_000 });
      await expect(b.getByRole('heading', { name: group, level: 1 })).toBeVisible();
      // Joined muted (as Telegram): Bob unmutes to be heard.
      await expect(participants(a).getByRole('listitem', { name: 'Bob Baker, muted' })).toBeVisible();
      await unmute(b);
      await expect(participants(a).getByRole('listitem', { name: /^Bob Baker, speaking/ })).toBeVisible({
        timeout: 15_000,
      });
      await expect(participants(a).getByRole('listitem', { name: 'Carol Chen, invited' })).toBeVisible();
    });

    await test.step("A's volume slider for Bob (in his menu) sets the volume of the <audio> playing Bob", async () => {
      await participants(a).getByRole('button', { name: 'Options for Bob Baker' }).click();
      const menu = a.getByRole('dialog', { name: 'Bob Baker' });
      const slider = menu.getByRole('slider', { name: 'Volume for Bob Baker' });
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
      await menu.getByRole('button', { name: 'Mute for me' }).click();
      await expect.poll(() => playingVolumes(a)).toEqual([0]);
      await menu.getByRole('button', { name: 'Unmute for me' }).click();
      await expect.poll(() => playingVolumes(a)).toEqual([1]);
      await menu.getByRole('button', { name: 'Close' }).click();
    });

    await test.step("Open profile in Bob's menu: his username and bio (users.getFullUser); Esc goes back to his row", async () => {
      const options = participants(a).getByRole('button', { name: 'Options for Bob Baker' });
      await options.click();
      await a.getByRole('dialog', { name: 'Bob Baker' }).getByRole('button', { name: 'Open profile' }).click();
      const profile = a.getByRole('dialog', { name: 'Bob Baker' });
      await expect(profile.getByText('@bob_baker')).toBeVisible();
      await expect(profile.getByRole('definition').nth(1)).not.toBeEmpty();
      await expect(profile.getByRole('button', { name: 'Mute for me' })).toHaveCount(0);
      expect(await axeViolations(a)).toEqual([]);
      await saveScreen(a, testInfo, 'participant-profile');
      await a.keyboard.press('Escape');
      await expect(profile).toHaveCount(0);
      await expect(options).toBeFocused();
    });

    await test.step('A mutes B for everyone: B sees it and can only raise the hand; A allows B to speak again', async () => {
      const bobRow = participants(a).getByRole('listitem', { name: /^Bob Baker/ });
      await bobRow.getByRole('button', { name: 'Options for Bob Baker' }).click();
      await a.getByRole('dialog', { name: 'Bob Baker' }).getByRole('button', { name: 'Mute for everyone' }).click();
      await expect(participants(a).getByRole('listitem', { name: 'Bob Baker, muted by admin' })).toBeVisible();
      await expect(b.getByText('Muted by an admin')).toBeVisible();
      await b.getByRole('button', { name: 'Raise hand' }).click();
      await expect(
        participants(a).getByRole('listitem', { name: 'Bob Baker, muted by admin, hand raised' }),
      ).toBeVisible();
      await saveScreen(a, testInfo, 'participant-panel');
      await bobRow.getByRole('button', { name: 'Options for Bob Baker' }).click();
      await a.getByRole('dialog', { name: 'Bob Baker' }).getByRole('button', { name: 'Allow to speak' }).click();
      await expect(b.getByRole('button', { name: 'Unmute' })).toBeVisible();
      await expect(b.getByText('You are muted')).toBeVisible();
      // The hand comes down with "allow to speak", as in Telegram.
      await expect(participants(a).getByRole('listitem', { name: 'Bob Baker, muted' })).toBeVisible();
    });
  } finally {
    for (const context of contexts) await context.close();
  }
});

type ShareMode = 'share' | 'cancel' | 'fail';
interface Shared {
  title: string;
  url: string;
}

/**
 * Before any page script (so the app sees the Web Share API at start): a navigator.share that records what it was given
 * and then resolves, rejects with an AbortError (the person closed the share sheet) or with another error.
 */
async function recordShares(context: BrowserContext, mode: ShareMode): Promise<void> {
  await context.addInitScript((m: ShareMode) => {
    const shared: Array<{ title: string; url: string }> = [];
    (window as unknown as { __tgcallShared: typeof shared }).__tgcallShared = shared;
    Object.defineProperty(navigator, 'share', {
      configurable: true,
      value: (data: ShareData) => {
        shared.push({ title: String(data.title), url: String(data.url) });
        if (m === 'cancel') return Promise.reject(new DOMException('Share canceled', 'AbortError'));
        if (m === 'fail') return Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
        return Promise.resolve();
      },
    });
  }, mode);
}

function sharedSoFar(page: Page): Promise<Shared[]> {
  return page.evaluate(() => (window as unknown as { __tgcallShared?: Shared[] }).__tgcallShared ?? []);
}

/** A call link must be https://t.me/<username>?videochat=<hash>; its parts. */
function callLinkParts(link: string): { username: string; hash: string } {
  const url = new URL(link);
  expect(url.protocol).toBe('https:');
  expect(url.host).toBe('t.me');
  expect([...url.searchParams.keys()]).toEqual(['videochat']);
  const hash = url.searchParams.get('videochat') ?? '';
  expect(hash).toMatch(/^[A-Za-z0-9_-]+$/);
  return { username: url.pathname.slice(1), hash };
}

const DEMO_CALL = 'Morning chat';

/** Signs in, opens the demo supergroup and joins its call as oneself (through the join-as picker when there is one). */
async function joinDemoCall(
  browser: Browser,
  baseURL: string | undefined,
  account: TestAccount,
  mode: ShareMode,
  contexts: BrowserContext[],
): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  contexts.push(context);
  await recordShares(context, mode);
  const page = await context.newPage();
  await signIn(page, account);
  await openChat(page, seed.megagroup);
  await page.getByRole('button', { name: 'Join' }).click();
  return page;
}

async function connectedIn(page: Page): Promise<void> {
  await expect(connected(page)).toBeVisible({ timeout: 20_000 });
}

test.describe('sharing invite links (a recording navigator.share)', () => {
  test('Alice (owner) picks "personal account" among her channel and group, finds members by search, shares both links', async ({
    browser,
    baseURL,
  }, testInfo) => {
    const contexts: BrowserContext[] = [];
    try {
      const a = await joinDemoCall(browser, baseURL, seed.main, 'share', contexts);

      await test.step('the join-as picker names each choice by its kind', async () => {
        const picker = a.getByRole('group', { name: 'Join as' });
        const self = picker.getByRole('radio', { name: /Alice Archer/ });
        await expect(self).toBeVisible();
        // Her personal account, the broadcast channel @tgcall_news, and the supergroup @tgcall_demo (a group, not a channel).
        // (The seeded world may give her more; each is labelled by its kind too.)
        for (const name of ['Alice Archer · personal account', 'tgcall demo · group', 'tgcall news · channel']) {
          await expect(picker.getByRole('radio', { name, exact: true })).toBeVisible();
        }
        await expect(picker.getByRole('radio', { name: /· personal account$/ })).toHaveCount(1);
        for (const radio of await picker.getByRole('radio').all())
          await expect(radio).toHaveAccessibleName(/ · (personal account|channel|group)$/);
        await a.screenshot({ path: testInfo.outputPath('join-as-picker.png'), fullPage: true });
        await self.check();
        await a.getByRole('button', { name: 'Join', exact: true }).click();
        await connectedIn(a);
      });

      await test.step('the invite picker searches the supergroup’s members and contacts', async () => {
        await a.getByRole('button', { name: 'Invite members' }).click();
        const dialog = a.getByRole('dialog', { name: 'Invite members' });
        const people = dialog.getByRole('group', { name: 'People to invite' });
        await expect(people.getByRole('checkbox').first()).toBeVisible();
        await dialog.getByRole('searchbox', { name: 'Search members and contacts' }).fill('gr');
        await expect(people.getByRole('checkbox', { name: /Grace Gupta/ })).toBeVisible();
        await expect(people.getByRole('checkbox', { name: /Heidi/ })).toHaveCount(0);
        // Every member of the seeded group fits on the first page: nothing is left out, so nothing is said about it.
        await expect(dialog.getByText(/Showing the first/)).toHaveCount(0);
        await a.screenshot({ path: testInfo.outputPath('invite-picker-search.png'), fullPage: true });
        await dialog.getByRole('button', { name: 'Close' }).click();
      });

      await test.step('Share invite link: the listener link goes to the share sheet, titled with the call', async () => {
        await a.getByRole('button', { name: 'Share invite link' }).click();
        await expect(a.getByRole('status').filter({ hasText: 'Invite link shared' })).toBeVisible();
        const listener = await a.getByRole('textbox', { name: 'Invite link' }).inputValue();
        const shared = await sharedSoFar(a);
        expect(shared).toEqual([{ title: DEMO_CALL, url: listener }]);
        expect(callLinkParts(shared[0].url).username).toBe('tgcall_demo');
      });

      await test.step('Share speaker link (admins): another hash of the same group', async () => {
        await a.getByRole('button', { name: 'Share speaker link' }).click();
        await expect(a.getByRole('status').filter({ hasText: 'Speaker link shared' })).toBeVisible();
        const speaker = await a.getByRole('textbox', { name: 'Speaker link' }).inputValue();
        const shared = await sharedSoFar(a);
        expect(shared).toHaveLength(2);
        expect(shared[1]).toEqual({ title: DEMO_CALL, url: speaker });
        const [listenerParts, speakerParts] = [callLinkParts(shared[0].url), callLinkParts(shared[1].url)];
        expect(speakerParts.username).toBe('tgcall_demo');
        expect(speakerParts.hash).not.toBe(listenerParts.hash);
        await expect(a.getByRole('alert')).toHaveCount(0);
      });

      await leaveAsAdmin(a);
      await expect(a.getByRole('button', { name: 'Join' })).toBeVisible();
    } finally {
      for (const context of contexts) await context.close();
    }
  });

  test('closing the share sheet (AbortError) is not an error; another refusal says so', async ({
    browser,
    baseURL,
  }) => {
    const contexts: BrowserContext[] = [];
    try {
      // Grace and Heidi own no channels: Join joins at once, and as members (not admins) they have only the invite link.
      const [g, h] = await Promise.all([
        joinDemoCall(browser, baseURL, seed.grace, 'cancel', contexts),
        joinDemoCall(browser, baseURL, seed.heidi, 'fail', contexts),
      ]);
      await Promise.all([connectedIn(g), connectedIn(h)]);
      await expect(g.getByRole('button', { name: 'Share speaker link' })).toHaveCount(0);

      await test.step('cancelled: the link was offered, and the screen shows neither an error nor "shared"', async () => {
        await g.getByRole('button', { name: 'Share invite link' }).click();
        await expect.poll(() => sharedSoFar(g)).toHaveLength(1);
        const [offered] = await sharedSoFar(g);
        expect(offered.title).toBe(DEMO_CALL);
        expect(callLinkParts(offered.url).username).toBe('tgcall_demo');
        await expect(g.getByRole('textbox', { name: 'Invite link' })).toHaveValue(offered.url);
        await expect(g.getByRole('button', { name: 'Share invite link' })).toBeEnabled();
        await expect(g.getByRole('alert')).toHaveCount(0);
        await expect(g.getByText(/shared|Could not share/)).toHaveCount(0);
      });

      await test.step('refused otherwise: the error sentence, and no "shared"', async () => {
        await h.getByRole('button', { name: 'Share invite link' }).click();
        await expect(h.getByRole('alert')).toHaveText('Could not share the link. Copy it instead.');
        expect(await sharedSoFar(h)).toHaveLength(1);
        await expect(h.getByText('Invite link shared')).toHaveCount(0);
      });

      for (const page of [g, h]) {
        await page.getByRole('button', { name: 'Leave' }).click();
        await expect(page.getByRole('button', { name: 'Join' })).toBeVisible();
      }
    } finally {
      for (const context of contexts) await context.close();
    }
  });
});

test('a big supergroup: the invite picker lists the first page, says so, and finds the others on the server', async ({
  browser,
  startIsolatedStack,
}, testInfo) => {
  test.setTimeout(90_000);
  const stack = await startIsolatedStack();
  const control = new ControlClient(stack.server.controlUrl);
  expect(await control.seedMembers('tgcall_demo', 450)).toMatchObject({ added: 450 });
  const contexts: BrowserContext[] = [];
  try {
    const a = await joinDemoCall(browser, stack.app.url, seed.main, 'share', contexts);
    await a
      .getByRole('group', { name: 'Join as' })
      .getByRole('radio', { name: /Alice Archer/ })
      .check();
    await a.getByRole('button', { name: 'Join', exact: true }).click();
    await connectedIn(a);
    await a.getByRole('button', { name: 'Invite members' }).click();
    const dialog = a.getByRole('dialog', { name: 'Invite members' });
    const people = dialog.getByRole('group', { name: 'People to invite' });
    await expect(
      dialog
        .getByRole('status')
        .filter({ hasText: /^Showing the first \d+ of \d+ members: type a name to find more\.$/ }),
    ).toBeVisible();
    const search = dialog.getByRole('searchbox', { name: 'Search members and contacts' });
    // 450 seeded members match "member": the server sends the first 100 and the count.
    await search.fill('member');
    await expect(
      dialog
        .getByRole('status')
        .filter({ hasText: 'Showing the first 100 of 450 members found: type more of the name to narrow it.' }),
    ).toBeVisible();
    await saveScreen(a, testInfo, 'invite-picker-big-group');
    // One member by name, wherever the first page ended: only the server can have found all of these.
    for (const name of ['Member 0001', 'Member 0450']) {
      await search.fill(name.toLowerCase());
      await expect(people.getByRole('checkbox')).toHaveCount(1);
      await expect(people.getByRole('checkbox', { name: new RegExp(`^${name}`) })).toBeVisible();
    }
    await people.getByRole('checkbox', { name: /^Member 0450/ }).check();
    await dialog.getByRole('button', { name: 'Invite (1)' }).click();
    await expect(dialog.getByRole('region', { name: 'Invitation results' }).getByRole('listitem')).toHaveText([
      'Member 0450: invited',
    ]);
    const searches = (await control.log()).filter((e) => e.method === 'channels.getParticipants');
    expect(searches.length).toBeGreaterThanOrEqual(3);
  } finally {
    for (const context of contexts) await context.close();
  }
});

test('an invitation while the tab is hidden raises a system notification (allowed from the banner) that joins the call', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const contexts: BrowserContext[] = [];
  try {
    const a = await person(browser, baseURL, seed.frank, contexts);
    // Erin's browser: the tab can be hidden at will, and the system's notifications are recorded (headless Chromium
    // shows none); the permission prompt answers "Allow".
    const context = await browser.newContext({ baseURL });
    contexts.push(context);
    await context.addInitScript(() => {
      const w = window as unknown as {
        __hidden: boolean;
        __notes: Array<{ title: string; body: string; click(): void }>;
      };
      w.__hidden = false;
      w.__notes = [];
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => w.__hidden });
      let permission: NotificationPermission = 'default';
      class RecordedNotification {
        onclick: (() => void) | null = null;
        constructor(title: string, options?: NotificationOptions) {
          w.__notes.push({ title, body: options?.body ?? '', click: () => this.onclick?.() });
        }
        close(): void {}
        static get permission(): NotificationPermission {
          return permission;
        }
        static requestPermission(): Promise<NotificationPermission> {
          permission = 'granted';
          return Promise.resolve(permission);
        }
      }
      (window as unknown as { Notification: unknown }).Notification = RecordedNotification;
    });
    const e = await context.newPage();
    await signIn(e, seed.erin);

    const group = `Notify ${unique()}`;
    await createGroup(a, group, ['Erin Evans', 'Grace Gupta']);
    await openChat(a, group);
    await startCallNow(a);
    const invite = async (name: string) => {
      await a.getByRole('button', { name: 'Invite members' }).click();
      const dialog = a.getByRole('dialog', { name: 'Invite members' });
      await dialog
        .getByRole('searchbox', { name: 'Search members and contacts' })
        .fill(name.split(' ')[0].toLowerCase());
      await dialog.getByRole('checkbox', { name: new RegExp(name) }).check();
      await dialog.getByRole('button', { name: 'Invite (1)' }).click();
      await expect(dialog.getByRole('region', { name: 'Invitation results' })).toContainText(`${name}: invited`);
      await dialog.getByRole('button', { name: 'Close' }).click();
    };
    const notes = () =>
      e.evaluate(() =>
        (window as unknown as { __notes: Array<{ title: string; body: string }> }).__notes.map(
          (n) => `${n.title} / ${n.body}`,
        ),
      );

    // Not asked on load: the banner offers it when an invitation is there, and a visible tab gets no notification.
    await invite('Erin Evans');
    const banner = e.getByRole('complementary', { name: `Invitation to the voice chat in ${group}` });
    await banner.getByRole('button', { name: 'Notify me when tgcall is in the background' }).click();
    await expect(banner.getByRole('button', { name: 'Notify me when tgcall is in the background' })).toHaveCount(0);
    expect(await notes()).toEqual([]);
    await banner.getByRole('button', { name: 'Not now' }).click();

    // Hidden tab: the next invitation is a system notification; clicking it joins the call.
    await e.evaluate(() => ((window as unknown as { __hidden: boolean }).__hidden = true));
    // A new call (Erin is invited to the first one already): Frank ends it for everyone and starts another.
    await a.getByRole('button', { name: 'Leave' }).click();
    await a
      .getByRole('dialog', { name: 'Leave the video chat?' })
      .getByRole('button', { name: 'End video chat for everyone' })
      .click();
    await a.getByRole('button', { name: 'Back to the chat' }).click();
    await startCallNow(a);
    await invite('Erin Evans');
    await expect.poll(notes).toEqual([`Frank Fischer invites you to a voice chat / In ${group}. Click to join.`]);
    await e.evaluate(() => (window as unknown as { __notes: Array<{ click(): void }> }).__notes[0].click());
    await expect(connected(e)).toBeVisible({ timeout: 20_000 });
    await expect(e.getByRole('heading', { name: group, level: 1 })).toBeVisible();
  } finally {
    for (const context of contexts) await context.close();
  }
});
