// The fault suite (`npm run faults`): each fault on a bounded loop against the local server and the real app in
// Chromium, with what a person would see checked every round, and a table of figures printed at the end (and written
// to test-results/faults.md) for the README. Not part of `npm test`: it takes minutes (its quick cases are, in
// e2e/call-faults.spec.ts and unit tests).
//
// Cases: the API socket dropped mid-call (20 rounds), the media path cut in the SFU (10 rounds, then a steady call
// watched for false alarms), the server killed with SIGKILL mid-call and restarted, FLOOD_WAIT_X on join, participants
// and invite, 500 INTERNAL, the browser's clock ±10 min, muting checked at the sender, *_MIGRATE_X, a late rpc_result.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { account, type TestAccount } from '../support/accounts';
import {
  connected,
  expectHearing,
  openChat,
  participants,
  trackPeerConnections,
  unique,
  unmute,
  startCallNow,
} from '../support/calls';
import { ControlClient } from '../support/control';
import { pageNow, recordStatuses, statusTexts, statusTimes } from '../support/statusLog';
import { createGroup } from '../support/groups';
import { signIn } from '../support/signIn';
import { signedInPerson } from '../support/pages';

const API_DROPS = 20;
const MEDIA_CUTS = 10;
/** A steady call after the media cuts, watched for false alarms of the media watchdog. */
const STEADY_MS = 10_000;
/** How long one round may take before it counts as not recovered (the loop goes on with the next). */
const ROUND_TIMEOUT_MS = 30_000;

// Seeded people the ordinary e2e specs do not sign in as much (the server allows five codes per number per minute).
const IVAN = { account: account('9996610009'), name: 'Ivan Ivanov' };
const JUDY = { account: account('9996610010'), name: 'Judy Jones' };
const MALLORY = { account: account('9996610011'), name: 'Mallory Moss' };

interface Row {
  fault: string;
  rounds: string;
  outcome: string;
  figures: string;
}
// Rows go to a file as they come: a failed test restarts the worker (and its module state), and the table is of the
// whole run (TGCALL_FAULTS_RUN, set once by playwright.faults.config.ts).
const RUN = process.env.TGCALL_FAULTS_RUN ?? 'unknown';
const ROWS_FILE = path.join('test-results', 'faults-rows.jsonl');
const rows = {
  push(row: Row): void {
    fs.mkdirSync(path.dirname(ROWS_FILE), { recursive: true });
    fs.appendFileSync(ROWS_FILE, JSON.stringify({ run: RUN, ...row }) + '\n');
  },
  all(): Row[] {
    if (!fs.existsSync(ROWS_FILE)) return [];
    return fs
      .readFileSync(ROWS_FILE, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Row & { run: string })
      .filter((r) => r.run === RUN);
  },
};

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const ms = (v: number) => (Number.isNaN(v) ? '—' : `${Math.round(v)} ms`);
const spread = (values: number[]) =>
  `p50 ${ms(percentile(values, 50))}, p95 ${ms(percentile(values, 95))}, max ${ms(Math.max(...values))}`;

test.afterAll(() => {
  const header = ['fault', 'rounds', 'outcome', 'figures'];
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.all().map((r) => `| ${r.fault} | ${r.rounds} | ${r.outcome} | ${r.figures} |`),
  ];
  const text = lines.join('\n');
  console.log(`\nfault suite — ${new Date().toISOString()}\n${text}\n`);
  const out = path.join('test-results', 'faults.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text + '\n');
});

test.afterEach(async ({ control }) => {
  await control.clear();
});

const person = (browser: Browser, baseURL: string | undefined, account: TestAccount, contexts: BrowserContext[]) =>
  signedInPerson(browser, baseURL, account, contexts, { prepare: trackPeerConnections });

/**
 * A new group of `a` with `others`, a call started by `a` in it; resolves with the call's title once `a` is in and
 * talking (everyone joins muted, as in Telegram's apps: `a` unmutes, so that the others have something to hear).
 */
async function startCall(a: Page, others: string[]): Promise<string> {
  const group = `Faults ${unique()}`;
  await createGroup(a, group, others);
  await openChat(a, group);
  await a.getByRole('button', { name: 'Start video chat' }).click();
  const dialog = a.getByRole('dialog', { name: 'Start video chat' });
  await dialog.getByRole('textbox', { name: 'Title' }).fill(group);
  await dialog.getByRole('button', { name: 'Start now' }).click();
  await unmute(a);
  return group;
}

async function joinCall(page: Page, group: string): Promise<void> {
  await openChat(page, group);
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(connected(page)).toBeVisible({ timeout: 20_000 });
}

async function callOf(control: ControlClient, title: string, people: number) {
  let found: Awaited<ReturnType<ControlClient['callParticipants']>>[number] | undefined;
  await expect
    .poll(
      async () => {
        found = (await control.callParticipants()).find((c) => c.title === title);
        return found?.participants.filter((p) => p.source !== 0).length;
      },
      { message: `${people} people in "${title}"`, timeout: 20_000 },
    )
    .toBe(people);
  return found!;
}

/** Resolves true when `check` passes within the round's time, false when it does not (the round did not recover). */
async function within(check: () => Promise<void>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch {
    return false;
  }
}

/** Like within, for steps whose clicks wait without a timeout of their own: false after `ms`. */
async function withinMs(ms: number, step: () => Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([within(step), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Rows named `name` in a page's panel, and all rows. */
async function rowCounts(page: Page, name: string): Promise<{ named: number; all: number }> {
  const list = participants(page);
  return {
    named: await list.getByRole('listitem', { name: new RegExp(`^${name}(?: \\(you\\))?, `) }).count(),
    all: await list.getByRole('listitem').count(),
  };
}

test('API socket dropped mid-call: every round the app reconnects and no participant update is lost', async ({
  browser,
  baseURL,
  control,
}) => {
  test.setTimeout(API_DROPS * ROUND_TIMEOUT_MS + 120_000);
  const contexts: BrowserContext[] = [];
  try {
    const [a, b] = await Promise.all([
      person(browser, baseURL, IVAN.account, contexts),
      person(browser, baseURL, JUDY.account, contexts),
    ]);
    const group = await startCall(a, [JUDY.name]);
    const aPeer = (await callOf(control, group, 1)).participants[0].peer;
    await joinCall(b, group);
    const call = await callOf(control, group, 2);
    const bUser = call.participants.find((p) => p.peer !== aPeer)!.userId!;

    let recovered = 0;
    let lost = 0;
    let duplicates = 0;
    const latencies: number[] = [];
    await control.clear();
    for (let round = 1; round <= API_DROPS; round++) {
      const dropped = (await control.dropConnections({ userId: bUser })) as { dropped: number };
      const started = Date.now();
      // while B's socket is down, A mutes or unmutes: an update B must still get
      const muting = round % 2 === 1;
      await a.getByRole('button', { name: muting ? 'Mute' : 'Unmute', exact: true }).click();
      const shown = new RegExp(`^${IVAN.name}, ${muting ? 'muted' : '(mic on|speaking)'}`);
      const ok = await within(() =>
        expect(participants(b).getByRole('listitem', { name: shown })).toBeVisible({ timeout: ROUND_TIMEOUT_MS }),
      );
      if (ok && dropped.dropped > 0) {
        recovered++;
        latencies.push(Date.now() - started);
      }
      const server = (await control.callParticipants())
        .find((c) => c.id === call.id)!
        .participants.find((p) => p.peer === aPeer)!;
      if (!ok || server.muted !== muting) lost++;
      const counts = await rowCounts(b, IVAN.name);
      if (counts.named !== 1 || counts.all !== 2) duplicates++;
    }
    const edits = (await control.log()).filter(
      (e) => e.method === 'phone.editGroupCallParticipant' && e.error === undefined,
    ).length;
    rows.push({
      fault: 'API socket dropped mid-call (the other person mutes / unmutes meanwhile)',
      rounds: String(API_DROPS),
      outcome: `${recovered} recoveries; ${lost} updates lost (server log: ${edits} mute changes); ${duplicates} rounds with a duplicate row`,
      figures: `drop → the other's new state shown: ${spread(latencies)}`,
    });
    expect({ recovered, lost, duplicates }).toEqual({ recovered: API_DROPS, lost: 0, duplicates: 0 });
    expect(edits).toBe(API_DROPS);
  } finally {
    for (const c of contexts) await c.close();
  }
});

test('media path cut in the SFU: every round the app rejoins, hears the other again, and lists nobody twice', async ({
  browser,
  baseURL,
  control,
}) => {
  test.setTimeout(MEDIA_CUTS * ROUND_TIMEOUT_MS * 2 + 120_000);
  const contexts: BrowserContext[] = [];
  try {
    const [a, b] = await Promise.all([
      person(browser, baseURL, IVAN.account, contexts),
      person(browser, baseURL, MALLORY.account, contexts),
    ]);
    const group = await startCall(a, [MALLORY.name]);
    const first = (await callOf(control, group, 1)).participants[0];
    await joinCall(b, group);
    const call = await callOf(control, group, 2);
    const bPeer = call.participants.find((p) => p.peer !== first.peer)!.peer;
    await expectHearing(b, first.source, 'B hears A before any cut');

    let rejoined = 0;
    let duplicates = 0;
    const toNoticed: number[] = [];
    const toConnected: number[] = [];
    const toRejoined: number[] = [];
    const toHearing: number[] = [];
    await recordStatuses(b);
    for (let round = 1; round <= MEDIA_CUTS; round++) {
      const started = await pageNow(b);
      await control.cut(call.id, bPeer);
      let times: Awaited<ReturnType<typeof statusTimes>> = null;
      const back = await within(() =>
        expect
          .poll(
            async () => {
              times = await statusTimes(b, started, 'Reconnecting…', 'Connected');
              return times?.thenAt ?? null;
            },
            { message: `round ${round}: "Reconnecting…", then Connected`, timeout: ROUND_TIMEOUT_MS, intervals: [100] },
          )
          .not.toBeNull(),
      );
      const hearing =
        back &&
        (await within(async () => void (await expectHearing(b, first.source, `round ${round}: B hears A again`))));
      const t = times as { firstAt: number; thenAt: number | null } | null;
      if (back && hearing && t !== null && t.thenAt !== null) {
        rejoined++;
        toNoticed.push(t.firstAt - started);
        toConnected.push(t.thenAt - t.firstAt);
        toRejoined.push(t.thenAt - started);
        toHearing.push((await pageNow(b)) - started);
      }
      for (const [page, name] of [
        [a, MALLORY.name],
        [b, IVAN.name],
      ] as const) {
        const counts = await rowCounts(page, name);
        if (counts.named !== 1 || counts.all !== 2) duplicates++;
      }
    }
    // No false alarm: 10 s of a steady call (A talks, B muted) without any "Reconnecting…".
    const steadyFrom = await pageNow(b);
    await b.waitForTimeout(STEADY_MS);
    const falseAlarms = await b.evaluate(
      (since) =>
        ((window as unknown as { __tgcallStatuses?: { t: number; text: string }[] }).__tgcallStatuses ?? []).filter(
          (s) => s.t >= since && s.text.includes('Reconnecting…'),
        ).length,
      steadyFrom,
    );
    const server = (await control.callParticipants()).find((c) => c.id === call.id)!;
    rows.push({
      fault: 'media path cut (SFU cutEndpoint)',
      rounds: String(MEDIA_CUTS),
      outcome: `${rejoined} rejoins; ${duplicates} panels with a duplicate row; server lists ${server.participants.length} people; ${falseAlarms} "Reconnecting…" in ${STEADY_MS / 1000} s of steady call afterwards`,
      figures: `cut → Connected again (the rejoin done): ${spread(toRejoined)}; cut → "Reconnecting…" shown (the watchdog notices): ${spread(toNoticed)}; "Reconnecting…" → Connected: ${spread(toConnected)}; cut → hears the other again: ${spread(toHearing)}`,
    });
    expect({ rejoined, duplicates, people: server.participants.length, falseAlarms }).toEqual({
      rejoined: MEDIA_CUTS,
      duplicates: 0,
      people: 2,
      falseAlarms: 0,
    });
  } finally {
    for (const c of contexts) await c.close();
  }
});

test('server killed with SIGKILL mid-call and restarted: the app comes back without signing in again and rejoins', async ({
  page,
  startIsolatedStack,
}) => {
  test.setTimeout(240_000);
  const stack = await startIsolatedStack();
  await trackPeerConnections(page.context());
  await signIn(page, IVAN.account, stack.app.url);
  const group = await startCall(page, [JUDY.name]);
  const killedAt = Date.now();
  await stack.restartServer();
  const restartedAt = Date.now();
  const signInShown = page.getByRole('heading', { name: 'Sign in', level: 1 });
  // Back in the call as the restarted server sees it (its SFU and its memory of who is in the call started empty):
  // the app must have joined again by itself, and its screen say Connected.
  const restarted = new ControlClient(stack.server.controlUrl);
  const backInCall = await within(async () => {
    await expect
      .poll(
        async () =>
          (await restarted.callParticipants())
            .find((c) => c.title === group)
            ?.participants.filter((p) => p.source !== 0).length ?? 0,
        {
          timeout: 60_000,
        },
      )
      .toBe(1);
    await expect(connected(page)).toBeVisible({ timeout: 10_000 });
  });
  const rejoinedAt = Date.now();
  const statusAfter = await page.getByRole('status').allTextContents();
  const signedOut = await signInShown.isVisible();
  // the API works again without a new sign-in: the chat list loads
  await page.goto(`${stack.app.url}/`);
  const chatsBack = await within(() =>
    expect(page.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible({ timeout: 60_000 }),
  );
  rows.push({
    fault: 'server SIGKILLed mid-call, restarted on the same data dir',
    rounds: '1',
    outcome: `${signedOut ? 'signed out (wrong)' : 'still signed in'}; ${chatsBack ? 'chats load again' : 'chats did not load'}; call ${backInCall ? 'connected again' : `not rejoined (status: ${statusAfter.join(' / ') || 'none'})`}`,
    figures: `kill → server up again ${ms(restartedAt - killedAt)}; server up → in the call again ${backInCall ? ms(rejoinedAt - restartedAt) : '—'}`,
  });
  expect(signedOut).toBe(false);
  expect(chatsBack).toBe(true);
  expect(backInCall).toBe(true);
});

test('FLOOD_WAIT_X on join, participants and invite: a visible countdown, then each succeeds', async ({
  browser,
  baseURL,
  control,
}) => {
  test.setTimeout(180_000);
  const contexts: BrowserContext[] = [];
  const SECONDS = 3;
  try {
    const [a, b] = await Promise.all([
      person(browser, baseURL, IVAN.account, contexts),
      person(browser, baseURL, JUDY.account, contexts),
    ]);
    const group = `Faults ${unique()}`;
    await createGroup(a, group, [JUDY.name, MALLORY.name]);
    await openChat(a, group);
    await startCallNow(a, group);
    const aUser = (await callOf(control, group, 1)).participants[0].userId!;
    await control.clear();
    await openChat(b, group);
    const bUser = (await control.log()).find((e) => e.userId !== null && e.userId !== aUser)?.userId ?? undefined;
    expect(bUser, "B's user id (from the server's log of B's calls)").toBeDefined();
    await control.clear();
    await recordStatuses(a);
    await recordStatuses(b);
    const banner = (page: Page) => page.getByRole('status').filter({ has: page.getByRole('timer') });

    // B joins: both its join and its first participants page are told to wait.
    await control.fault({ method: 'phone.joinGroupCall', type: `FLOOD_WAIT_${SECONDS}`, userId: bUser });
    await control.fault({ method: 'phone.getGroupParticipants', type: `FLOOD_WAIT_${SECONDS}`, userId: bUser });
    const clicked = await pageNow(b);
    await b.getByRole('button', { name: 'Join' }).click();
    const joinCountdown = await within(() =>
      expect(banner(b)).toContainText(/joining the call again in 0:0[1-3]/, { timeout: 5_000 }),
    );
    const inCall = await within(() => expect(connected(b)).toBeVisible({ timeout: 30_000 }));
    const bothListed = await within(async () => {
      await expect(participants(b).getByRole('listitem', { name: new RegExp(`^${IVAN.name}, `) })).toBeVisible({
        timeout: 30_000,
      });
      await expect(
        participants(b).getByRole('listitem', { name: new RegExp(`^${JUDY.name} \\(you\\), `) }),
      ).toBeVisible();
    });
    const bTexts = await statusTexts(b, clicked);
    const participantsCountdown = bTexts.some((t) => /loading who is in the call again in 0:0[1-3]/.test(t));
    const bannerGone = await within(() => expect(banner(b)).toHaveCount(0, { timeout: 10_000 }));
    const joinedAfter = (await pageNow(b)) - clicked;

    // A invites Mallory (in the group, not in the call): the invitation waits, then goes.
    await control.fault({ method: 'phone.inviteToGroupCall', type: `FLOOD_WAIT_${SECONDS}`, userId: aUser });
    await a.getByRole('button', { name: 'Invite members' }).click();
    const invite = a.getByRole('dialog', { name: 'Invite members' });
    await invite.getByRole('searchbox', { name: 'Search members and contacts' }).fill('mallory');
    await invite.getByRole('checkbox', { name: new RegExp(MALLORY.name) }).check();
    const invitedAt = await pageNow(a);
    await invite.getByRole('button', { name: 'Invite (1)' }).click();
    const inviteCountdown = await within(() =>
      expect(banner(a)).toContainText(/sending the invitation again in 0:0[1-3]/, { timeout: 5_000 }),
    );
    const invited = await within(() =>
      expect(invite.getByRole('region', { name: 'Invitation results' }).getByRole('status')).toHaveText(
        'Invited 1 person.',
        { timeout: 30_000 },
      ),
    );
    const invitedAfter = (await pageNow(a)) - invitedAt;
    const log = await control.log();
    const count = (method: string) => {
      const calls = log.filter((e) => e.method === method && (e.userId === bUser || method.includes('invite')));
      return `${calls.length} (${calls.filter((e) => e.injected).length} refused)`;
    };
    rows.push({
      fault: `FLOOD_WAIT_${SECONDS} on phone.joinGroupCall, phone.getGroupParticipants and phone.inviteToGroupCall`,
      rounds: '1 each',
      outcome:
        `${inCall ? 'joined' : 'did not join'}; ${bothListed ? 'panel complete' : 'panel incomplete'}; ` +
        `countdown shown: join ${joinCountdown ? 'yes' : 'no'}, participants ${participantsCountdown ? 'yes' : 'no'}, ` +
        `invite ${inviteCountdown ? 'yes' : 'no'}; ${bannerGone ? 'gone after' : 'still shown after'}; ` +
        `${invited ? 'invited' : 'not invited'}; requests: joinGroupCall ${count('phone.joinGroupCall')}, ` +
        `getGroupParticipants ${count('phone.getGroupParticipants')}, inviteToGroupCall ${count('phone.inviteToGroupCall')}`,
      figures: `click Join → Connected and listed ${ms(joinedAfter)}; click Invite → invited ${ms(invitedAfter)} (wait asked: ${SECONDS} s each)`,
    });
    expect({
      inCall,
      bothListed,
      joinCountdown,
      participantsCountdown,
      bannerGone,
      inviteCountdown,
      invited,
    }).toEqual({
      inCall: true,
      bothListed: true,
      joinCountdown: true,
      participantsCountdown: true,
      bannerGone: true,
      inviteCountdown: true,
      invited: true,
    });
  } finally {
    for (const c of contexts) await c.close();
  }
});

test('500 INTERNAL on phone.joinGroupCall and phone.getGroupParticipants: a bounded retry, then in the call', async ({
  browser,
  baseURL,
  control,
}) => {
  test.setTimeout(180_000);
  const contexts: BrowserContext[] = [];
  try {
    const [a, b] = await Promise.all([
      person(browser, baseURL, IVAN.account, contexts),
      person(browser, baseURL, MALLORY.account, contexts),
    ]);
    const group = await startCall(a, [MALLORY.name]);
    await openChat(b, group);
    await control.clear();
    await control.fault({ method: 'phone.joinGroupCall', type: 'INTERNAL', code: 500, times: 2 });
    await control.fault({ method: 'phone.getGroupParticipants', type: 'INTERNAL', code: 500, times: 2 });
    const clicked = Date.now();
    await b.getByRole('button', { name: 'Join' }).click();
    const inCall = await within(() => expect(connected(b)).toBeVisible({ timeout: 30_000 }));
    const after = Date.now() - clicked;
    const listed =
      inCall && (await within(() => expect(participants(b).getByRole('listitem')).toHaveCount(2, { timeout: 15_000 })));
    const shown = inCall ? '' : (await b.getByRole('alert').allTextContents()).join(' / ') || 'nothing';
    const log = await control.log();
    const tries = (method: string) =>
      `${log.filter((e) => e.method === method).length} (${log.filter((e) => e.method === method && e.injected).length} refused)`;
    rows.push({
      fault: '500 INTERNAL ×2 on phone.joinGroupCall and on phone.getGroupParticipants',
      rounds: '1',
      outcome: `${inCall ? 'joined' : `did not join (shown: ${shown})`}; panel ${listed ? 'lists both' : 'incomplete'}; joinGroupCall sent ${tries('phone.joinGroupCall')}, getGroupParticipants ${tries('phone.getGroupParticipants')}`,
      figures: inCall ? `click → Connected ${ms(after)}` : '—',
    });
    expect({ inCall, listed }).toEqual({ inCall: true, listed: true });
  } finally {
    for (const c of contexts) await c.close();
  }
});

for (const skewMinutes of [10, -10]) {
  test(`the browser's clock ${skewMinutes > 0 ? 'ahead' : 'behind'} by ${Math.abs(skewMinutes)} min: the client corrects its time offset, signs in and joins`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const contexts: BrowserContext[] = [];
    try {
      const a = await person(browser, baseURL, IVAN.account, contexts);
      const group = await startCall(a, [JUDY.name]);
      const context = await browser.newContext({ baseURL });
      contexts.push(context);
      // Date in the page runs skewMinutes off (what MTProto msg_ids are made from); timers and performance.now do not
      await context.addInitScript((offset: number) => {
        const RealDate = Date;
        class SkewedDate extends RealDate {
          constructor(...args: ConstructorParameters<DateConstructor> | []) {
            if (args.length === 0) super(RealDate.now() + offset);
            else super(...(args as [number]));
          }
          static override now(): number {
            return RealDate.now() + offset;
          }
        }
        window.Date = SkewedDate as DateConstructor;
      }, skewMinutes * 60_000);
      await trackPeerConnections(context);
      const b = await context.newPage();
      const started = Date.now();
      const signedIn = await withinMs(60_000, () => signIn(b, JUDY.account));
      const joined = signedIn && (await withinMs(60_000, () => joinCall(b, group)));
      const pageSkew = await b.evaluate(() => Date.now()).then((t) => Math.round((t - Date.now()) / 60_000));
      rows.push({
        fault: `browser clock ${skewMinutes > 0 ? '+' : ''}${skewMinutes} min`,
        rounds: '1',
        outcome: `${signedIn ? 'signed in' : 'sign-in failed'}; ${joined ? 'joined the call' : 'did not join'} (page clock ${pageSkew > 0 ? '+' : ''}${pageSkew} min)`,
        figures: signedIn ? `sign-in + join ${ms(Date.now() - started)}` : '—',
      });
      expect({ signedIn, joined }).toEqual({ signedIn: true, joined: true });
    } finally {
      for (const c of contexts) await c.close();
    }
  });
}

test('muted means silent at the sender: no audio packets or energy leave the browser while muted', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const contexts: BrowserContext[] = [];
  try {
    const a = await person(browser, baseURL, IVAN.account, contexts);
    await startCall(a, [JUDY.name]);
    /** outbound-rtp audio packets, and the energy of the track the sender sends (media-source), over all connections */
    const sent = () =>
      a.evaluate(async () => {
        const pcs =
          (window as unknown as { __tgcallPeerConnections?: RTCPeerConnection[] }).__tgcallPeerConnections ?? [];
        let packets = 0;
        let energy = 0;
        let liveTracks = 0;
        for (const pc of pcs) {
          if (pc.connectionState === 'closed') continue;
          for (const sender of pc.getSenders())
            if (sender.track?.kind === 'audio' && sender.track.enabled && sender.track.readyState === 'live')
              liveTracks++;
          const report = await pc.getStats();
          report.forEach((s: { type: string; kind?: string; packetsSent?: number; totalAudioEnergy?: number }) => {
            if (s.type === 'outbound-rtp' && s.kind === 'audio') packets += s.packetsSent ?? 0;
            if (s.type === 'media-source' && s.kind === 'audio') energy += s.totalAudioEnergy ?? 0;
          });
        }
        return { packets, energy, liveTracks };
      });
    const pause = () => a.waitForTimeout(1500);
    const before = await sent();
    await pause();
    const talking = await sent();
    await a.getByRole('button', { name: 'Mute', exact: true }).click();
    await pause(); // what was in flight when the button was pressed
    const mutedFrom = await sent();
    await pause();
    const mutedTo = await sent();
    const delta = (x: { packets: number; energy: number }, y: { packets: number; energy: number }) => ({
      packets: y.packets - x.packets,
      energy: y.energy - x.energy,
    });
    const unmuted = delta(before, talking);
    const muted = delta(mutedFrom, mutedTo);
    const audioPackets = muted.packets; // Opus DTX / comfort noise would still count here
    rows.push({
      fault: 'muted: what the sender sends (checked in the browser, not at the SFU)',
      rounds: '1',
      outcome: `unmuted 1.5 s: ${unmuted.packets} packets, energy ${unmuted.energy.toFixed(4)}; muted 1.5 s: ${audioPackets} packets, energy ${muted.energy.toFixed(4)}, ${mutedTo.liveTracks} enabled live audio track(s) on the sender`,
      figures: '—',
    });
    expect(unmuted.packets).toBeGreaterThan(0);
    expect({ energy: muted.energy, liveTracks: mutedTo.liveTracks }).toEqual({ energy: 0, liveTracks: 0 });
  } finally {
    for (const c of contexts) await c.close();
  }
});

test('*_MIGRATE_X on phone.joinGroupCall (to the DC the client is on): retried there, then in the call', async ({
  browser,
  baseURL,
  control,
}) => {
  test.setTimeout(180_000);
  const contexts: BrowserContext[] = [];
  try {
    const [a, b] = await Promise.all([
      person(browser, baseURL, IVAN.account, contexts),
      person(browser, baseURL, MALLORY.account, contexts),
    ]);
    const group = await startCall(a, [MALLORY.name]);
    await openChat(b, group);
    await control.clear();
    // the local server is DC 2, the only one in the client's list: Telegram answers 303 with the DC to use
    await control.fault({ method: 'phone.joinGroupCall', type: 'NETWORK_MIGRATE_2', code: 303 });
    const clicked = Date.now();
    await b.getByRole('button', { name: 'Join' }).click();
    const inCall = await within(() => expect(connected(b)).toBeVisible({ timeout: 30_000 }));
    const after = Date.now() - clicked;
    const shown = inCall ? '' : (await b.getByRole('alert').allTextContents()).join(' / ') || 'nothing';
    const joins = (await control.log()).filter((e) => e.method === 'phone.joinGroupCall');
    rows.push({
      fault: 'NETWORK_MIGRATE_2 (303) on phone.joinGroupCall',
      rounds: '1',
      outcome: `${inCall ? 'joined' : `did not join (shown: ${shown})`}; ${joins.length} join requests (${joins.filter((j) => j.injected).length} refused)`,
      figures: inCall ? `click → Connected ${ms(after)}` : '—',
    });
    expect(inCall).toBe(true);
  } finally {
    for (const c of contexts) await c.close();
  }
});

test('a late rpc_result (phone.joinGroupCall answered 20 s late, past the client’s 15 s timeout): in the call once', async ({
  browser,
  baseURL,
  control,
}) => {
  test.setTimeout(180_000);
  const contexts: BrowserContext[] = [];
  const LATE_MS = 20_000;
  try {
    const [a, b] = await Promise.all([
      person(browser, baseURL, IVAN.account, contexts),
      person(browser, baseURL, JUDY.account, contexts),
    ]);
    const group = await startCall(a, [JUDY.name]);
    const aPeer = (await callOf(control, group, 1)).participants[0].peer;
    await openChat(b, group);
    await control.clear();
    await control.fault({ method: 'phone.joinGroupCall', delayMs: LATE_MS });
    const clicked = Date.now();
    await b.getByRole('button', { name: 'Join' }).click();
    const inCall = await within(() => expect(connected(b)).toBeVisible({ timeout: LATE_MS + 30_000 }));
    const after = Date.now() - clicked;
    // once the late answer has surely come too: who the server and the panels list
    await b.waitForTimeout(Math.max(0, LATE_MS + 3000 - after));
    const server = (await control.callParticipants()).find((c) => c.title === group)!;
    const bOnServer = server.participants.filter((p) => p.peer !== aPeer).length;
    const aPanel = await rowCounts(a, JUDY.name);
    const bPanel = await rowCounts(b, IVAN.name);
    const joins = (await control.log()).filter((e) => e.method === 'phone.joinGroupCall');
    const shown = inCall ? '' : (await b.getByRole('alert').allTextContents()).join(' / ') || 'nothing';
    rows.push({
      fault: `phone.joinGroupCall answered ${LATE_MS / 1000} s late`,
      rounds: '1',
      outcome: `${inCall ? 'joined' : `did not join (shown: ${shown})`}; ${joins.length} join requests (${joins.filter((j) => j.delayedMs).length} late); server lists the joiner ${bOnServer}×; panels: joiner ${aPanel.named}× on the other's, ${bPanel.all} rows on the joiner's`,
      figures: inCall ? `click → Connected ${ms(after)}` : '—',
    });
    expect({ inCall, bOnServer, aRows: aPanel.named, bRows: bPanel.all }).toEqual({
      inCall: true,
      bOnServer: 1,
      aRows: 1,
      bRows: 2,
    });
  } finally {
    for (const c of contexts) await c.close();
  }
});
