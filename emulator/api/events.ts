// Turns changes into updates: stores box/channel messages with their ids and pts, logs each user's updates for
// getDifference, and delivers one `updates` object per affected user — pushed to all their keys but the caller's,
// whose copy is the call's direct result.
import type { World } from '../world/world';
import type { BoxMessage, BoxPeer, ChannelMessage } from '../world/messages';
import type { PushUpdates, TlObject } from './types';
import { boxMessageRefs, boxMessageTl, channelMessageRefs, channelMessageTl, Refs } from './views';

interface UserPart {
  updates: TlObject[];
  refs: Refs;
  /** The user's pts after the last pts-carrying update of this batch, if any. */
  lastPts?: number;
}

/** The updates one change produces, per user, in order. Build it inside a transaction; deliver it after. */
export class UpdateBatch {
  readonly perUser = new Map<number, UserPart>();

  constructor(readonly date: number) {}

  part(userId: number): UserPart {
    let p = this.perUser.get(userId);
    if (!p) {
      p = { updates: [], refs: new Refs() };
      this.perUser.set(userId, p);
    }
    return p;
  }
}

export class Events {
  constructor(
    private readonly world: World,
    private readonly push: PushUpdates,
  ) {}

  /** Puts a message into `ownerId`'s box (next id, pts + 1) and queues its updateNewMessage for that user. */
  boxMessage(
    batch: UpdateBatch,
    ownerId: number,
    peer: BoxPeer,
    fromId: number,
    text: string,
    action: TlObject | null,
  ): BoxMessage {
    const id = this.world.users.takeMessageId(ownerId);
    const pts = this.world.users.bumpPts(ownerId, 1);
    const m: BoxMessage = { ownerId, id, peer, fromId, out: fromId === ownerId, date: batch.date, text, action, pts };
    this.world.messages.insertBox(m);
    this.queue(
      batch,
      ownerId,
      { _: 'updateNewMessage', message: boxMessageTl(m), pts, pts_count: 1 },
      boxMessageRefs(m),
      { pts, ptsCount: 1 },
    );
    return m;
  }

  /** Appends a channel message (channel id and pts + 1) and queues updateNewChannelMessage for every member. */
  channelMessage(
    batch: UpdateBatch,
    channelId: number,
    fromId: number,
    text: string,
    action: TlObject | null,
  ): ChannelMessage {
    const slot = this.world.channels.takeMessageSlot(channelId);
    const m: ChannelMessage = { channelId, id: slot.id, fromId, date: batch.date, text, action, pts: slot.pts };
    this.world.messages.insertChannel(m);
    for (const member of this.world.channels.members(channelId)) {
      // Channel messages live in the channel's own pts sequence (getChannelDifference), not in the user's log.
      const part = batch.part(member.userId);
      part.updates.push({
        _: 'updateNewChannelMessage',
        message: channelMessageTl(this.world, member.userId, m),
        pts: m.pts,
        pts_count: 1,
      });
      part.refs.addRefs(channelMessageRefs(m).toJSON());
    }
    return m;
  }

  /**
   * Queues an update without pts (updateChatParticipants, updateChannel, ...). The log needs a pts to order it for
   * getDifference: it shares the pts of a pts-carrying update in the same batch (the client applies both or neither);
   * alone, it takes a pts step of its own — a client that applied it live then sees a gap at its next update and asks
   * for the difference once, which beats losing the update or re-sending it forever.
   */
  other(batch: UpdateBatch, userId: number, update: TlObject, refs: Refs): void {
    const shared = batch.part(userId).lastPts;
    if (shared !== undefined) {
      this.queue(batch, userId, update, refs, { pts: shared, ptsCount: 0 });
    } else {
      this.queue(batch, userId, update, refs, { pts: this.world.users.bumpPts(userId, 1), ptsCount: 1 });
    }
  }

  private queue(
    batch: UpdateBatch,
    userId: number,
    update: TlObject,
    refs: Refs,
    at: { pts: number; ptsCount: number },
  ): void {
    const part = batch.part(userId);
    part.updates.push(update);
    part.refs.addRefs(refs.toJSON());
    if (typeof update.pts === 'number') part.lastPts = at.pts;
    this.world.updateLog.append(userId, {
      pts: at.pts,
      ptsCount: at.ptsCount,
      date: batch.date,
      update,
      refs: refs.toJSON(),
    });
  }

  /** The `updates` object `userId` should see for this batch. */
  updatesFor(batch: UpdateBatch, userId: number): TlObject {
    const part = batch.perUser.get(userId) ?? { updates: [], refs: new Refs() };
    return {
      _: 'updates',
      updates: part.updates,
      users: part.refs.usersTl(this.world, userId),
      chats: part.refs.chatsTl(this.world, userId),
      date: batch.date,
      seq: 0,
    };
  }

  /**
   * Pushes each user's updates to all of their signed-in keys except the caller's key, and returns the caller's own
   * `updates` (the method's result). Call after the transaction that built the batch has committed.
   */
  deliver(batch: UpdateBatch, caller?: { userId: number; authKeyId: bigint }): TlObject | undefined {
    for (const userId of batch.perUser.keys()) {
      const keys = this.world.authKeys.keysOf(userId).filter((k) => !(caller && k === caller.authKeyId));
      if (keys.length === 0) continue;
      const updates = this.updatesFor(batch, userId);
      for (const key of keys) this.push(key, updates);
    }
    return caller ? this.updatesFor(batch, caller.userId) : undefined;
  }
}
