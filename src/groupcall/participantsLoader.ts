// ParticipantsLoader: how one GroupCall reads its participants from the server (phone.getGroupParticipants) — the
// first page with its version on every (re)join, later pages as the panel is scrolled, the call's size as the server
// counts it, and who an unknown inbound SSRC is. The ParticipantsStore keeps them; GroupCall reacts to the changes.

import type { TelegramApi } from '../telegram/api';
import type { InputGroupCall } from '../telegram/tl/api.generated';
import { CallError } from './callError';
import { GroupCallEvent, type GroupCallEvents } from './groupCallEvents';
import type { ParticipantsDelta, ParticipantsStore } from './participantsStore';
import type { TypedEmitter } from './typedEmitter';

/** Unknown inbound SSRCs asked about per connection, at most (each is one phone.getGroupParticipants). */
const MAX_UNKNOWN_LOOKUPS = 256;

/** What the loader needs from its GroupCall. */
export interface ParticipantsLoaderHost {
  readonly api: TelegramApi;
  readonly call: InputGroupCall;
  readonly store: ParticipantsStore;
  readonly events: TypedEmitter<GroupCallEvents>;
  /** Participants per page (default 50, as Telegram Desktop). */
  readonly pageSize: number;
  /** The call is over (left, ended, failed). */
  isOver(): boolean;
  /** The current run: errors of an abandoned run are not reported. */
  run(): number;
  /** The store changed (merged or reset). */
  changed(delta: ParticipantsDelta): void;
  /** The store still has queued updates after a reload: wait for the gap to close, then reload again. */
  gap(): void;
}

export class ParticipantsLoader {
  private reloading = false;
  /** How many people the server says the call has (the pages' count, updateGroupCall's participants_count). */
  private count: number | null = null;
  /** next_offset of the last page read: '' when the list is complete. */
  private nextOffset = '';
  private loadingMore: Promise<void> | null = null;
  private readonly askedUnknown = new Set<number>();

  constructor(private readonly host: ParticipantsLoaderHost) {}

  get total(): number | null {
    return this.count;
  }

  /** updateGroupCall's participants_count. */
  set total(count: number | null) {
    this.count = count;
  }

  get hasMore(): boolean {
    return this.nextOffset !== '';
  }

  /** The next page, merged in (see GroupCall.loadMoreParticipants). */
  loadMore(): Promise<void> {
    const host = this.host;
    if (this.loadingMore) return this.loadingMore;
    if (!this.hasMore || this.reloading || host.isOver()) return Promise.resolve();
    const run = host.run();
    const offset = this.nextOffset;
    const loading = (async () => {
      try {
        const page = await host.api.call('phone.getGroupParticipants', {
          call: host.call,
          ids: [],
          sources: [],
          offset,
          limit: host.pageSize,
        });
        // A reload since (or the end of the call) replaced the list this page continued.
        if (host.isOver() || this.nextOffset !== offset) return;
        this.nextOffset = page.participants.length === 0 ? '' : page.next_offset;
        this.count = page.count;
        host.changed(host.store.merge(page.participants));
      } catch (error) {
        if (run === host.run())
          host.events.emit(GroupCallEvent.Error, CallError.requestFailed('phone.getGroupParticipants', error));
      } finally {
        this.loadingMore = null;
      }
    })();
    this.loadingMore = loading;
    return loading;
  }

  /** The first page only, with its version, replacing the list; later pages come as the panel is scrolled. */
  reload(): void {
    const host = this.host;
    if (this.reloading) return;
    this.reloading = true;
    const run = host.run();
    host.api
      .call('phone.getGroupParticipants', {
        call: host.call,
        ids: [],
        sources: [],
        offset: '',
        limit: host.pageSize,
      })
      .then((page) => {
        if (host.isOver()) return;
        this.nextOffset = page.participants.length === 0 ? '' : page.next_offset;
        this.count = page.count;
        host.changed(host.store.reset(page.participants, page.version));
        if (host.store.hasQueued) host.gap();
      })
      .catch((error: unknown) => {
        if (run === host.run())
          host.events.emit(GroupCallEvent.Error, CallError.requestFailed('phone.getGroupParticipants', error));
      })
      .finally(() => {
        this.reloading = false;
      });
  }

  /** SSRCs that arrive while no participant claims them (nor `ownSource`): ask the server who they are, once per SSRC. */
  resolveUnknown(ssrcs: number[], ownSource: number | null): void {
    const host = this.host;
    const unknown = ssrcs.filter(
      (s) => s !== ownSource && host.store.bySource(s) === undefined && !this.askedUnknown.has(s),
    );
    if (unknown.length === 0 || this.askedUnknown.size >= MAX_UNKNOWN_LOOKUPS) return;
    for (const s of unknown) this.askedUnknown.add(s);
    const run = host.run();
    host.api
      .call('phone.getGroupParticipants', {
        call: host.call,
        ids: [],
        sources: unknown,
        offset: '',
        limit: unknown.length,
      })
      .then((result) => {
        if (run === host.run()) host.changed(host.store.merge(result.participants));
      })
      .catch((error: unknown) => {
        if (run === host.run())
          host.events.emit(GroupCallEvent.Error, CallError.requestFailed('phone.getGroupParticipants', error));
      });
  }

  /** A new connection: unknown SSRCs may be asked about again. */
  resetUnknown(): void {
    this.askedUnknown.clear();
  }
}
