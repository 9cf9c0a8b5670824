// Turns Telegram's seven Updates constructors (pushed by the server or returned by methods) into ordered UpdateEvents:
// tracks pts / qts / seq / date (core.telegram.org/api/updates), buffers out-of-order updates for a short while, then
// fills real gaps with updates.getDifference (and updates.getChannelDifference per channel). No network of its own:
// it asks an UpdatesCaller, so tests drive it with a scripted one.
import type {
  MethodName,
  MethodParams,
  MethodResult,
  TypeChat,
  TypeMessage,
  TypeUpdate,
  TypeUpdates,
  TypeUser,
} from './tl/api.generated';
import type { UpdateEvent } from './api';
import { Emitter } from './subscribable';
import { realTimers, type Timers } from './timers';

type DifferenceMethod =
  'updates.getState' | 'updates.getDifference' | 'updates.getChannelDifference' | 'messages.getPeerDialogs';

/** A channel as the app learnt it: dialog.pts (messages.getDialogs) or channelFull.pts (channels.getFullChannel). */
export interface KnownChannel {
  id: string;
  accessHash: string;
  pts: number;
}

/** Channels whose difference every recovery fetches: the ones on screen and the call's chat, most recent first. */
const MAX_WATCHED_CHANNELS = 8;

export interface UpdatesCaller {
  call<M extends DifferenceMethod & MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
}

export interface UpdatesManagerOptions {
  timers?: Timers;
  /** How long an out-of-order update waits for the ones before it before we ask for the difference (default 500 ms). */
  gapWaitMs?: number;
  /** Bound on getDifference / getChannelDifference rounds per recovery (differenceSlice, !final). */
  maxDifferenceRounds?: number;
  onError?(message: string, error?: unknown): void;
}

export interface CommonState {
  pts: number;
  qts: number;
  date: number;
  seq: number;
}

interface Pending {
  pts: number;
  count: number;
  event: UpdateEvent | null;
}

const UPDATES_CONSTRUCTORS = new Set([
  'updates',
  'updatesCombined',
  'updateShort',
  'updateShortMessage',
  'updateShortChatMessage',
  'updateShortSentMessage',
  'updatesTooLong',
]);

export function isUpdates(value: unknown): value is TypeUpdates {
  return (
    typeof value === 'object' && value !== null && UPDATES_CONSTRUCTORS.has((value as { _?: unknown })._ as string)
  );
}

type Fields = Record<string, unknown>;
const fields = (value: unknown): Fields => value as Fields;

/** Channel id for updates that carry a channel's pts. */
function channelOf(update: TypeUpdate): string | null {
  const u = fields(update);
  switch (update._) {
    case 'updateNewChannelMessage':
    case 'updateEditChannelMessage': {
      const peer = fields(fields(u.message).peer_id);
      return typeof peer.channel_id === 'string' ? peer.channel_id : null;
    }
    case 'updateDeleteChannelMessages':
    case 'updateChannelWebPage':
    case 'updatePinnedChannelMessages':
      return typeof u.channel_id === 'string' ? u.channel_id : null;
    default:
      return null;
  }
}

/** What to do with an update carrying (pts, count) given the local pts. */
export function ptsVerdict(local: number, pts: number, count: number): 'apply' | 'duplicate' | 'gap' {
  if (local + count === pts) return 'apply';
  if (local + count > pts) return 'duplicate';
  return 'gap';
}

export class UpdatesManager {
  readonly events: Emitter<UpdateEvent>;
  private state: CommonState | null = null;
  private selfId: string | null = null;
  private readonly channelPts = new Map<string, number>();
  private readonly channelAccessHash = new Map<string, string>();
  /** Most recently watched last. */
  private watched: string[] = [];
  private pendingCommon: Pending[] = [];
  private pendingQts: Pending[] = [];
  private readonly pendingChannel = new Map<string, Pending[]>();
  private pendingSeq: Array<{ seqStart: number; updates: TypeUpdates }> = [];
  private commonGapTimer: unknown = null;
  private readonly channelGapTimers = new Map<string, unknown>();
  /** Every state change runs on this chain, one task at a time, so ordering never depends on network timing. */
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly timers: Timers;
  private readonly gapWaitMs: number;
  private readonly maxRounds: number;

  constructor(
    private readonly api: UpdatesCaller,
    private readonly options: UpdatesManagerOptions = {},
  ) {
    this.timers = options.timers ?? realTimers;
    this.gapWaitMs = options.gapWaitMs ?? 500;
    this.maxRounds = options.maxDifferenceRounds ?? 20;
    this.events = new Emitter<UpdateEvent>((error) => this.report('an update listener threw', error));
  }

  get started(): boolean {
    return this.state !== null;
  }

  /** A copy of the common state, for tests and diagnostics. */
  get currentState(): CommonState | null {
    return this.state ? { ...this.state } : null;
  }

  channelState(channelId: string): number | undefined {
    return this.channelPts.get(channelId);
  }

  setSelfId(userId: string): void {
    this.selfId = userId;
  }

  /** Start ordering from updates.getState (after sign-in, or with a stored session). Idempotent. */
  start(): Promise<void> {
    return this.enqueue(async () => {
      if (this.state) return;
      const state = await this.api.call('updates.getState', {});
      this.state = { pts: state.pts, qts: state.qts, date: state.date, seq: state.seq };
    });
  }

  /** Start from a known state (tests, or a persisted state). */
  startFrom(state: CommonState): void {
    this.state = { ...state };
  }

  /** Feed one Updates object, from the server's push or from a method's result. Returns when it has been handled. */
  process(updates: TypeUpdates): Promise<void> {
    return this.enqueue(() => this.handleUpdates(updates));
  }

  /**
   * After a reconnect (or a new session): fetch whatever we may have missed. updates.getDifference covers the common
   * box only; each watched channel needs its own updates.getChannelDifference (core.telegram.org/api/updates).
   */
  recover(): Promise<void> {
    return this.enqueue(async () => {
      await this.getDifference();
      for (const channelId of [...this.watched]) await this.getChannelDifference(channelId);
    });
  }

  /**
   * A channel's pts from dialogs or its full channel: updates of that channel are ordered from it (rather than from the
   * first one that happens to arrive). A pts ahead of ours means we missed some: fetch them.
   */
  knowChannel(channel: KnownChannel): Promise<void> {
    return this.enqueue(async () => {
      this.channelAccessHash.set(channel.id, channel.accessHash);
      const local = this.channelPts.get(channel.id);
      if (local === undefined) this.channelPts.set(channel.id, channel.pts);
      else if (local < channel.pts && this.watched.includes(channel.id)) await this.getChannelDifference(channel.id);
    });
  }

  /** knowChannel, and keep the channel up to date across reconnects (the open chat, the call's chat). */
  watchChannel(channel: KnownChannel): Promise<void> {
    this.watched = [...this.watched.filter((id) => id !== channel.id), channel.id].slice(-MAX_WATCHED_CHANNELS);
    return this.knowChannel(channel);
  }

  get watchedChannels(): readonly string[] {
    return this.watched;
  }

  /** Signed out: forget all state; the next sign-in starts again from updates.getState. */
  reset(): Promise<void> {
    return this.enqueue(() => {
      this.state = null;
      this.pendingCommon = [];
      this.pendingQts = [];
      this.pendingSeq = [];
      this.pendingChannel.clear();
      this.channelPts.clear();
      this.watched = [];
      this.cancelCommonGap();
      for (const timer of this.channelGapTimers.values()) this.timers.clearTimeout(timer);
      this.channelGapTimers.clear();
      return Promise.resolve();
    });
  }

  stop(): void {
    this.stopped = true;
    this.cancelCommonGap();
    for (const timer of this.channelGapTimers.values()) this.timers.clearTimeout(timer);
    this.channelGapTimers.clear();
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(() => (this.stopped ? undefined : task()));
    // The chain must survive a failed task. The failure itself is not lost: the caller receives it through `run`.
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async handleUpdates(updates: TypeUpdates): Promise<void> {
    switch (updates._) {
      case 'updatesTooLong':
        await this.getDifference();
        return;
      case 'updateShort':
        await this.handleUpdate(updates.update, [], []);
        if (this.state) this.state.date = Math.max(this.state.date, updates.date);
        return;
      case 'updateShortMessage':
      case 'updateShortChatMessage':
        await this.handleUpdate(this.messageFromShort(updates), [], []);
        return;
      case 'updateShortSentMessage':
        // Only moves pts: the sender already has the message it sent.
        this.handleCommonPts({ pts: updates.pts, count: updates.pts_count, event: null });
        return;
      case 'updates':
      case 'updatesCombined': {
        this.remember(updates.users, updates.chats);
        const seqStart = updates._ === 'updatesCombined' ? updates.seq_start : updates.seq;
        if (this.state && seqStart !== 0) {
          if (this.state.seq + 1 < seqStart) {
            this.pendingSeq.push({ seqStart, updates });
            this.scheduleCommonGap();
            return;
          }
          if (this.state.seq + 1 > seqStart) return; // already applied
        }
        await this.applyUpdatesBody(updates);
        await this.drainSeq();
        return;
      }
    }
  }

  private async applyUpdatesBody(updates: TypeUpdates & { _: 'updates' | 'updatesCombined' }): Promise<void> {
    for (const update of updates.updates) await this.handleUpdate(update, updates.users, updates.chats);
    if (this.state) {
      if (updates.seq !== 0) this.state.seq = updates.seq;
      // While pts updates wait in a gap, date must not run ahead of them (getDifference starts from pts *and* date).
      if (this.pendingCommon.length === 0) this.state.date = Math.max(this.state.date, updates.date);
    }
  }

  private async drainSeq(): Promise<void> {
    // Each pass applies or drops at least one buffered entry, so this ends within pendingSeq.length passes.
    for (let guard = this.pendingSeq.length; guard > 0 && this.state && this.pendingSeq.length > 0; guard--) {
      this.pendingSeq.sort((a, b) => a.seqStart - b.seqStart);
      const next = this.pendingSeq[0];
      if (this.state.seq + 1 < next.seqStart) return;
      this.pendingSeq.shift();
      if (
        this.state.seq + 1 === next.seqStart &&
        (next.updates._ === 'updates' || next.updates._ === 'updatesCombined')
      ) {
        await this.applyUpdatesBody(next.updates);
      }
    }
    if (this.pendingSeq.length === 0 && this.pendingCommon.length === 0 && this.pendingQts.length === 0)
      this.cancelCommonGap();
  }

  private async handleUpdate(update: TypeUpdate, users: TypeUser[], chats: TypeChat[]): Promise<void> {
    const u = fields(update);
    const event: UpdateEvent = { update, users, chats };
    if (update._ === 'updateChannelTooLong') {
      this.emit(event);
      await this.getChannelDifference(update.channel_id);
      return;
    }
    const channelId = channelOf(update);
    if (channelId !== null && typeof u.pts === 'number' && typeof u.pts_count === 'number') {
      this.handleChannelPts(channelId, { pts: u.pts, count: u.pts_count, event });
      return;
    }
    if (typeof u.pts === 'number' && typeof u.pts_count === 'number') {
      this.handleCommonPts({ pts: u.pts, count: u.pts_count, event });
      return;
    }
    if (typeof u.qts === 'number') {
      this.handleQts({ pts: u.qts, count: 1, event });
      return;
    }
    this.emit(event);
  }

  private handleCommonPts(entry: Pending): void {
    if (!this.state) {
      if (entry.event) this.emit(entry.event); // not started: nothing to order against
      return;
    }
    const verdict = ptsVerdict(this.state.pts, entry.pts, entry.count);
    if (verdict === 'duplicate') return;
    if (verdict === 'gap') {
      this.pendingCommon.push(entry);
      this.scheduleCommonGap();
      return;
    }
    this.state.pts = entry.pts;
    if (entry.event) this.emit(entry.event);
    this.drainPts(
      this.pendingCommon,
      () => this.state?.pts,
      (pts) => {
        if (this.state) this.state.pts = pts;
      },
    );
    if (this.pendingCommon.length === 0 && this.pendingQts.length === 0 && this.pendingSeq.length === 0)
      this.cancelCommonGap();
  }

  private handleQts(entry: Pending): void {
    if (!this.state) {
      if (entry.event) this.emit(entry.event);
      return;
    }
    const verdict = ptsVerdict(this.state.qts, entry.pts, entry.count);
    if (verdict === 'duplicate') return;
    if (verdict === 'gap') {
      this.pendingQts.push(entry);
      this.scheduleCommonGap();
      return;
    }
    this.state.qts = entry.pts;
    if (entry.event) this.emit(entry.event);
    this.drainPts(
      this.pendingQts,
      () => this.state?.qts,
      (qts) => {
        if (this.state) this.state.qts = qts;
      },
    );
  }

  private handleChannelPts(channelId: string, entry: Pending): void {
    const local = this.channelPts.get(channelId);
    if (local === undefined) {
      // We never learnt this channel's pts (it comes with dialogs / full channel): take the first one as the start.
      this.channelPts.set(channelId, entry.pts);
      if (entry.event) this.emit(entry.event);
      return;
    }
    const verdict = ptsVerdict(local, entry.pts, entry.count);
    if (verdict === 'duplicate') return;
    const pending = this.pendingChannel.get(channelId) ?? [];
    if (verdict === 'gap') {
      pending.push(entry);
      this.pendingChannel.set(channelId, pending);
      this.scheduleChannelGap(channelId);
      return;
    }
    this.channelPts.set(channelId, entry.pts);
    if (entry.event) this.emit(entry.event);
    this.drainPts(
      pending,
      () => this.channelPts.get(channelId),
      (pts) => this.channelPts.set(channelId, pts),
    );
    if (pending.length === 0) {
      this.pendingChannel.delete(channelId);
      const timer = this.channelGapTimers.get(channelId);
      if (timer !== undefined) this.timers.clearTimeout(timer);
      this.channelGapTimers.delete(channelId);
    }
  }

  /** Apply buffered entries that now fit, in pts order; drop ones already covered. Mutates `pending`. */
  private drainPts(pending: Pending[], get: () => number | undefined, set: (pts: number) => void): void {
    pending.sort((a, b) => a.pts - a.count - (b.pts - b.count));
    let progressed = true;
    while (progressed && pending.length > 0) {
      progressed = false;
      for (let i = 0; i < pending.length; i++) {
        const entry = pending[i];
        const local = get();
        if (local === undefined) return;
        const verdict = ptsVerdict(local, entry.pts, entry.count);
        if (verdict === 'gap') continue;
        pending.splice(i, 1);
        if (verdict === 'apply') {
          set(entry.pts);
          if (entry.event) this.emit(entry.event);
        }
        progressed = true;
        break;
      }
    }
  }

  private scheduleCommonGap(): void {
    if (this.commonGapTimer !== null) return;
    this.commonGapTimer = this.timers.setTimeout(() => {
      this.commonGapTimer = null;
      this.enqueue(() => this.getDifference()).catch((error: unknown) =>
        this.report('getDifference after a gap failed', error),
      );
    }, this.gapWaitMs);
  }

  private cancelCommonGap(): void {
    if (this.commonGapTimer !== null) this.timers.clearTimeout(this.commonGapTimer);
    this.commonGapTimer = null;
  }

  private scheduleChannelGap(channelId: string): void {
    if (this.channelGapTimers.has(channelId)) return;
    this.channelGapTimers.set(
      channelId,
      this.timers.setTimeout(() => {
        this.channelGapTimers.delete(channelId);
        this.enqueue(() => this.getChannelDifference(channelId)).catch((error: unknown) =>
          this.report(`getChannelDifference(${channelId}) after a gap failed`, error),
        );
      }, this.gapWaitMs),
    );
  }

  private async getDifference(): Promise<void> {
    if (!this.state) return;
    this.cancelCommonGap();
    // The difference covers everything buffered; what it does not cover was a duplicate.
    this.pendingCommon = [];
    this.pendingQts = [];
    this.pendingSeq = [];
    for (let round = 0; round < this.maxRounds; round++) {
      const { pts, qts, date } = this.state;
      const difference: MethodResult<'updates.getDifference'> = await this.api.call('updates.getDifference', {
        pts,
        qts,
        date,
      });
      switch (difference._) {
        case 'updates.differenceEmpty':
          this.state.date = difference.date;
          this.state.seq = difference.seq;
          return;
        case 'updates.differenceTooLong':
          // Too much was missed to replay; the app must reload what it shows. We can only move on from here.
          this.state.pts = difference.pts;
          this.report(`getDifference: too long, pts jumped to ${difference.pts}`);
          return;
        case 'updates.difference':
        case 'updates.differenceSlice': {
          await this.emitDifference(
            difference.new_messages,
            difference.other_updates,
            difference.users,
            difference.chats,
          );
          const next: CommonState =
            difference._ === 'updates.difference' ? difference.state : difference.intermediate_state;
          this.state = { pts: next.pts, qts: next.qts, date: next.date, seq: next.seq };
          if (difference._ === 'updates.difference') return;
          break;
        }
      }
    }
    this.report(`getDifference: still sliced after ${this.maxRounds} rounds; continuing on the next trigger`);
  }

  private async emitDifference(
    messages: TypeMessage[],
    others: TypeUpdate[],
    users: TypeUser[],
    chats: TypeChat[],
  ): Promise<void> {
    this.remember(users, chats);
    for (const message of messages)
      this.emit({ update: { _: 'updateNewMessage', message, pts: 0, pts_count: 0 }, users, chats });
    for (const update of others) {
      // Common-pts updates in a difference are already counted in its state: apply them as they are.
      if (channelOf(update) !== null || update._ === 'updateChannelTooLong')
        await this.handleUpdate(update, users, chats);
      else this.emit({ update, users, chats });
    }
  }

  private async getChannelDifference(channelId: string): Promise<void> {
    const timer = this.channelGapTimers.get(channelId);
    if (timer !== undefined) this.timers.clearTimeout(timer);
    this.channelGapTimers.delete(channelId);
    this.pendingChannel.delete(channelId);
    const accessHash = this.channelAccessHash.get(channelId);
    if (accessHash === undefined) {
      this.report(`getChannelDifference: channel ${channelId} has no known access_hash`);
      return;
    }
    // A channel we have no pts for (updateChannelTooLong before anything else of it): its dialog has one.
    const local = this.channelPts.get(channelId) ?? (await this.dialogPtsOf(channelId, accessHash));
    if (local === undefined) {
      this.report(`getChannelDifference: channel ${channelId} has no dialog pts`);
      return;
    }
    this.channelPts.set(channelId, local);
    for (let round = 0; round < this.maxRounds; round++) {
      const pts: number = this.channelPts.get(channelId) ?? local;
      const difference: MethodResult<'updates.getChannelDifference'> = await this.api.call(
        'updates.getChannelDifference',
        {
          channel: { _: 'inputChannel', channel_id: channelId, access_hash: accessHash },
          filter: { _: 'channelMessagesFilterEmpty' },
          pts,
          limit: 100,
        },
      );
      let final = difference.final === true;
      switch (difference._) {
        case 'updates.channelDifferenceEmpty':
          this.channelPts.set(channelId, difference.pts);
          final = true;
          break;
        case 'updates.channelDifferenceTooLong': {
          this.remember(difference.users, difference.chats);
          for (const message of difference.messages) {
            this.emit({
              update: { _: 'updateNewChannelMessage', message, pts: 0, pts_count: 0 },
              users: difference.users,
              chats: difference.chats,
            });
          }
          const dialogPts = fields(difference.dialog).pts;
          if (typeof dialogPts === 'number') this.channelPts.set(channelId, dialogPts);
          break;
        }
        case 'updates.channelDifference':
          this.remember(difference.users, difference.chats);
          for (const message of difference.new_messages) {
            this.emit({
              update: { _: 'updateNewChannelMessage', message, pts: 0, pts_count: 0 },
              users: difference.users,
              chats: difference.chats,
            });
          }
          for (const update of difference.other_updates)
            this.emit({ update, users: difference.users, chats: difference.chats });
          this.channelPts.set(channelId, difference.pts);
          break;
      }
      if (final) return;
    }
    this.report(`getChannelDifference: channel ${channelId} not final after ${this.maxRounds} rounds`);
  }

  private async dialogPtsOf(channelId: string, accessHash: string): Promise<number | undefined> {
    const result = await this.api.call('messages.getPeerDialogs', {
      peers: [
        { _: 'inputDialogPeer', peer: { _: 'inputPeerChannel', channel_id: channelId, access_hash: accessHash } },
      ],
    });
    this.remember(result.users, result.chats);
    const dialog = result.dialogs.find(
      (d) => d._ === 'dialog' && d.peer._ === 'peerChannel' && d.peer.channel_id === channelId,
    );
    return dialog?._ === 'dialog' ? dialog.pts : undefined;
  }

  private messageFromShort(short: TypeUpdates & { _: 'updateShortMessage' | 'updateShortChatMessage' }): TypeUpdate {
    const common = {
      out: short.out,
      mentioned: short.mentioned,
      media_unread: short.media_unread,
      silent: short.silent,
      id: short.id,
      date: short.date,
      message: short.message,
      fwd_from: short.fwd_from,
      via_bot_id: short.via_bot_id,
      reply_to: short.reply_to,
      entities: short.entities,
      ttl_period: short.ttl_period,
    };
    let message: TypeMessage;
    if (short._ === 'updateShortMessage') {
      const other = { _: 'peerUser' as const, user_id: short.user_id };
      const fromId = short.out ? (this.selfId ? { _: 'peerUser' as const, user_id: this.selfId } : undefined) : other;
      message = { _: 'message', ...common, from_id: fromId, peer_id: other };
    } else {
      message = {
        _: 'message',
        ...common,
        from_id: { _: 'peerUser', user_id: short.from_id },
        peer_id: { _: 'peerChat', chat_id: short.chat_id },
      };
    }
    return { _: 'updateNewMessage', message, pts: short.pts, pts_count: short.pts_count };
  }

  private remember(users: TypeUser[], chats: TypeChat[]): void {
    void users;
    for (const chat of chats) {
      const c = fields(chat);
      if (
        (chat._ === 'channel' || chat._ === 'channelForbidden') &&
        typeof c.access_hash === 'string' &&
        c.min !== true
      ) {
        this.channelAccessHash.set(String(c.id), c.access_hash);
      }
    }
  }

  private emit(event: UpdateEvent): void {
    this.events.emit(event);
  }

  private report(message: string, error?: unknown): void {
    this.options.onError?.(message, error);
  }
}
