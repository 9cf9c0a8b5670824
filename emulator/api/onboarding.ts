// What a newly signed-up account starts with, so a new person sees something at once: the seeded people as contacts
// and membership of the public demo supergroup (ids recorded by the seed in the world's meta table).
import { UpdateBatch } from './events';
import { addChannelMembers } from './operations';
import type { Call } from './types';

export const META_DEMO_CHANNEL = 'demo_channel_id';
export const META_SEED_USERS = 'seed_user_ids';

export function onboardNewUser(call: Call, userId: number): UpdateBatch {
  const ops = { world: call.world, events: call.events, now: call.now };
  const batch = new UpdateBatch(call.now);
  const seeded = JSON.parse(call.world.getMeta(META_SEED_USERS) ?? '[]') as number[];
  for (const id of seeded) {
    const u = call.world.users.get(id);
    if (u && id !== userId) call.world.contacts.add(userId, id, u.firstName, u.lastName, call.now);
  }
  const demo = Number(call.world.getMeta(META_DEMO_CHANNEL) ?? NaN);
  if (Number.isFinite(demo) && call.world.channels.get(demo) && !call.world.channels.member(demo, userId)) {
    addChannelMembers(ops, demo, userId, [userId], batch);
  }
  return batch;
}
