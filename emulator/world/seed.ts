// The demo world written on first start of an empty data dir: twelve people who are each other's contacts, a basic
// group, the public supergroup @tgcall_demo, the broadcast channel @tgcall_news, the private supergroup "Night Owls",
// a few messages, and one 2FA account.
//
// Sign in as any of them with the test-DC rule: phone 99966XYYYY, code X five times. The seeded people:
//   Alice Archer 9996610001 (code 11111) … Oscar Ortiz 9996610012 — see SEED_PEOPLE.
//   2FA account: Victor Vance, phone 9996620013, code 22222, password "tgcall-2fa" (hint "app name, dash, 2fa").
// The demo calls ("Morning chat" in @tgcall_demo with Bob and Carol talking, a Book Club call tomorrow) live in the
// calls part's own tables and are seeded by emulator/calls/seedCalls.ts when that part starts.
//
// Invite links (fixed hashes, so tests and docs can name them; Telegram's own are 22 random base64url characters):
//   Book Club     https://t.me/+bookClubInvite26   Alice's permanent link; members Alice, Bob, Carol, Dave.
//   Night Owls    https://t.me/+nightOwlsInvite26  Alice's permanent link of the private supergroup "Night Owls"
//                 (creator Alice, members Bob and Carol; nobody else) with the call "Late-night talk" going on, so
//                 anyone else — Dave, Erin, … or a new account — can open the link, join the group and land in a call.
import { Events, UpdateBatch } from '../api/events';
import { addChannelMembers, createChannel, createChat, sendText, type Ops } from '../api/operations';
import { META_DEMO_CHANNEL, META_SEED_USERS } from '../api/onboarding';
import { makePasswordSettings } from './srp';
import type { World } from './world';

export interface SeedPerson {
  phone: string;
  firstName: string;
  lastName: string;
  username: string;
}

export const SEED_PEOPLE: readonly SeedPerson[] = [
  { phone: '9996610001', firstName: 'Alice', lastName: 'Archer', username: 'alice_archer' },
  { phone: '9996610002', firstName: 'Bob', lastName: 'Baker', username: 'bob_baker' },
  { phone: '9996610003', firstName: 'Carol', lastName: 'Chen', username: 'carol_chen' },
  { phone: '9996610004', firstName: 'Dave', lastName: 'Diaz', username: 'dave_diaz' },
  { phone: '9996610005', firstName: 'Erin', lastName: 'Evans', username: 'erin_evans' },
  { phone: '9996610006', firstName: 'Frank', lastName: 'Fischer', username: 'frank_fischer' },
  { phone: '9996610007', firstName: 'Grace', lastName: 'Gupta', username: 'grace_gupta' },
  { phone: '9996610008', firstName: 'Heidi', lastName: 'Hall', username: 'heidi_hall' },
  { phone: '9996610009', firstName: 'Ivan', lastName: 'Ivanov', username: 'ivan_ivanov' },
  { phone: '9996610010', firstName: 'Judy', lastName: 'Jones', username: 'judy_jones' },
  { phone: '9996610011', firstName: 'Mallory', lastName: 'Moss', username: 'mallory_moss' },
  { phone: '9996610012', firstName: 'Oscar', lastName: 'Ortiz', username: 'oscar_ortiz' },
];

export const SEED_2FA = {
  phone: '9996620013',
  firstName: 'Victor',
  lastName: 'Vance',
  username: 'victor_vance',
  password: 'tgcall-2fa',
  hint: 'app name, dash, 2fa',
} as const;

export const DEMO_GROUP_USERNAME = 'tgcall_demo';
export const NEWS_CHANNEL_USERNAME = 'tgcall_news';
export const BOOK_CLUB_TITLE = 'Book Club';
export const BOOK_CLUB_INVITE_HASH = 'bookClubInvite26';
export const NIGHT_OWLS_TITLE = 'Night Owls';
export const NIGHT_OWLS_INVITE_HASH = 'nightOwlsInvite26';

const META_SEEDED = 'seeded_at';

/** Writes the demo world once; later calls (and restarts) leave it alone. Returns true if it seeded now. */
export function seedWorld(world: World): boolean {
  if (world.getMeta(META_SEEDED) !== undefined) return false;
  const now = world.now();
  // No key is signed in yet, so nothing is pushed; the updates still go to each person's log.
  const events = new Events(world, () => {});
  // The story happens over the last few hours, so dialogs have a natural order.
  const at = (minutesAgo: number): Ops => ({ world, events, now: now - minutesAgo * 60 });
  const password = makePasswordSettings(SEED_2FA.password, SEED_2FA.hint); // 100 000 PBKDF2 rounds: outside the transaction
  world.transaction(() => {
    const ids = SEED_PEOPLE.map((p) => world.users.create({ ...p, now }).id);
    const victor = world.users.create({ ...SEED_2FA, now });
    world.users.setPassword(victor.id, password);
    const everyone = [...ids, victor.id];
    for (const a of everyone) {
      for (const b of everyone) {
        const u = world.users.get(b)!;
        if (a !== b) world.contacts.add(a, b, u.firstName, u.lastName, now);
      }
    }
    const [alice, bob, carol, dave] = ids as [number, number, number, number];

    const bookClub = createChat(at(240), alice, [bob, carol, dave], BOOK_CLUB_TITLE).chatId;
    world.chatInvites.create({
      peer: { type: 'chat', id: bookClub },
      adminId: alice,
      now: now - 240 * 60,
      permanent: true,
      hash: BOOK_CLUB_INVITE_HASH,
    });
    sendText(at(235), carol, { type: 'chat', id: bookClub }, 'Next book: "The Left Hand of Darkness"?');

    const demo = createChannel(at(180), alice, {
      title: 'tgcall demo',
      about: 'Try a group call here: everyone who signs up joins this group.',
      megagroup: true,
      username: DEMO_GROUP_USERNAME,
    }).channelId;
    addChannelMembers(
      at(179),
      demo,
      alice,
      everyone.filter((id) => id !== alice),
    );
    world.channels.setRole(demo, bob, 'admin');
    sendText(at(120), alice, { type: 'channel', id: demo }, 'Welcome! Start a voice chat from the group menu.');

    const news = createChannel(at(150), alice, {
      title: 'tgcall news',
      about: 'Release notes.',
      megagroup: false,
      username: NEWS_CHANNEL_USERNAME,
    }).channelId;
    addChannelMembers(
      at(149),
      news,
      alice,
      everyone.filter((id) => id !== alice),
      new UpdateBatch(now - 149 * 60),
    );
    sendText(at(90), alice, { type: 'channel', id: news }, 'tgcall 0.1: group calls in the browser.');

    // A private supergroup (no username): only its invite link brings people in. Its call is seeded by seedCalls.ts.
    const owls = createChannel(at(60), alice, {
      title: NIGHT_OWLS_TITLE,
      about: 'Late-night voice chats. Join by invite link.',
      megagroup: true,
    }).channelId;
    addChannelMembers(at(59), owls, alice, [bob, carol]);
    world.chatInvites.create({
      peer: { type: 'channel', id: owls },
      adminId: alice,
      now: now - 60 * 60,
      permanent: true,
      hash: NIGHT_OWLS_INVITE_HASH,
    });
    sendText(at(50), carol, { type: 'channel', id: owls }, 'Anyone still up? Share the invite link with friends.');

    sendText(at(30), alice, { type: 'user', id: bob }, 'Hi Bob! Ready for the call tonight?');
    sendText(at(25), bob, { type: 'user', id: alice }, 'Yes, see you there.');

    world.setMeta(META_DEMO_CHANNEL, String(demo));
    world.setMeta(META_SEED_USERS, JSON.stringify(everyone));
    world.setMeta(META_SEEDED, String(now));
  });
  return true;
}
