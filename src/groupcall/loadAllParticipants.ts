// The whole participants list of a call, page by page (phone.getGroupParticipants with next_offset), with the version of
// the first page: updates after that version apply on top of it. Bounded by a page limit.

import type { TelegramApi } from '../telegram/api';
import type { InputGroupCall, TypeGroupCallParticipant } from '../telegram/tl/api.generated';

export interface ParticipantsPageOptions {
  pageSize: number;
  maxPages: number;
}

export async function loadAllParticipants(
  api: TelegramApi, call: InputGroupCall, { pageSize, maxPages }: ParticipantsPageOptions,
): Promise<{ list: TypeGroupCallParticipant[]; version: number }> {
  const list: TypeGroupCallParticipant[] = [];
  let offset = '';
  let version = 0;
  for (let page = 0; page < maxPages; page++) {
    const result = await api.call('phone.getGroupParticipants', { call, ids: [], sources: [], offset, limit: pageSize });
    if (page === 0) version = result.version;
    list.push(...result.participants);
    if (result.next_offset === '' || result.participants.length === 0) break;
    offset = result.next_offset;
  }
  return { list, version };
}
