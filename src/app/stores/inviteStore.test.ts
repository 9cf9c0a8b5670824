// The invite dialog's store: one phone.inviteToGroupCall per person, each result known (who was invited, who was not and
// why in a sentence), invited people marked on the call, people already in the call left out of the list.
import { describe, expect, it } from 'vitest';
import { createFakeBackend } from '../testing/fakeBackend';
import type { CallRef } from './backend';
import { createInviteStore, filterCandidates, INVITE_ERROR_MESSAGES, inviteErrorMessage } from './inviteStore';

const REF: CallRef = { id: '1', accessHash: '2' };
const rpc = (code: number, type: string) => Object.assign(new Error(`${code} ${type}`), { code, type });

function setup(failures: Record<string, { code: number; type: string }>) {
  const backend = createFakeBackend({
    contacts: [
      { id: '11', name: 'Bob Baker', phone: '1' },
      { id: '12', name: 'Carol Chen', phone: '2' },
      { id: '13', name: 'Dave Diaz', phone: '3' },
      { id: '14', name: 'Erin Evans', phone: '4' },
    ],
  });
  const asked: string[] = [];
  backend.inviteToCall = async (_ref, userId) => {
    asked.push(userId);
    const failure = failures[userId];
    if (failure) throw rpc(failure.code, failure.type);
  };
  const marked: Array<[string, string]> = [];
  const call = { ref: REF, isInCall: (peerId: string) => peerId === 'user:14', markInvited: (peerId: string, name: string) => void marked.push([peerId, name]) };
  const store = createInviteStore({ backend: () => backend }, call, 'chat:5');
  return { store, asked, marked };
}

describe('invite store', () => {
  it('invites each chosen person on their own and says who was not invited and why', async () => {
    const { store, asked, marked } = setup({ '12': { code: 400, type: 'USER_ALREADY_INVITED' }, '13': { code: 403, type: 'USER_NOT_PARTICIPANT' } });
    await store.load();
    expect(store.state.candidates.map((c) => c.name)).toEqual(['Bob Baker', 'Carol Chen', 'Dave Diaz']); // Erin is in the call
    for (const id of ['11', '12', '13']) store.toggle(id, true);
    const results = await store.invite();
    expect(asked).toEqual(['11', '12', '13']);
    expect(results).toEqual([
      { id: '11', name: 'Bob Baker', invited: true, reason: null },
      { id: '12', name: 'Carol Chen', invited: false, reason: 'Already invited to this video chat.' },
      { id: '13', name: 'Dave Diaz', invited: false, reason: 'Not a member of this group: only members can be invited.' },
    ]);
    expect(marked).toEqual([['user:11', 'Bob Baker']]);
    expect(store.state.selected).toEqual([]);
  });

  it('has its own sentence for each documented phone.inviteToGroupCall error', () => {
    for (const type of ['GROUPCALL_FORBIDDEN', 'GROUPCALL_INVALID', 'INVITE_FORBIDDEN_WITH_JOINAS', 'USER_ALREADY_INVITED', 'USER_NOT_PARTICIPANT']) {
      expect(inviteErrorMessage(rpc(400, type))).toBe(INVITE_ERROR_MESSAGES[type]);
    }
    expect(new Set(Object.values(INVITE_ERROR_MESSAGES)).size).toBe(5);
    // Wrapped in another error (as a CallError carries its cause) it is still recognised.
    expect(inviteErrorMessage(Object.assign(new Error('wrapped'), { cause: rpc(403, 'GROUPCALL_FORBIDDEN') }))).toBe('The video chat has already ended.');
  });

  it('searches by every word of the query, members first', () => {
    const list = [
      { id: '1', name: 'Zed Contact', member: false },
      { id: '2', name: 'Bob Baker', member: true },
      { id: '3', name: 'Bob Zed', member: true },
    ];
    expect(filterCandidates(list, 'zed').map((c) => c.id)).toEqual(['3', '1']);
    expect(filterCandidates(list, 'bob ba').map((c) => c.id)).toEqual(['2']);
  });
});
