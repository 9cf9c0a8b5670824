// The invite dialog's store: one phone.inviteToGroupCall per person, each result known (who was invited, who was not and
// why in a sentence), invited people marked on the call, people already in the call left out of the list.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeBackend } from '../testing/fakeBackend';
import type { CallRef, InviteCandidate } from './backend';
import {
  createInviteStore,
  filterCandidates,
  INVITE_ERROR_MESSAGES,
  inviteErrorMessage,
  inviteListNote,
  SEARCH_LIMIT,
} from './inviteStore';

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
  const call = {
    ref: REF,
    isInCall: (peerId: string) => peerId === 'user:14',
    markInvited: (peerId: string, name: string) => void marked.push([peerId, name]),
    isInvited: (peerId: string) => marked.some(([id]) => id === peerId),
  };
  const store = createInviteStore({ backend: () => backend }, call, 'chat:5');
  return { store, asked, marked };
}

describe('invite store', () => {
  it('invites each chosen person on their own and says who was not invited and why', async () => {
    const { store, asked, marked } = setup({
      '12': { code: 400, type: 'USER_ALREADY_INVITED' },
      '13': { code: 403, type: 'USER_NOT_PARTICIPANT' },
    });
    await store.load();
    expect(store.state.candidates.map((c) => c.name)).toEqual(['Bob Baker', 'Carol Chen', 'Dave Diaz']); // Erin is in the call
    for (const id of ['11', '12', '13']) store.toggle(id, true);
    const results = await store.invite();
    expect(asked).toEqual(['11', '12', '13']);
    expect(results).toEqual([
      { id: '11', name: 'Bob Baker', invited: true, reason: null },
      { id: '12', name: 'Carol Chen', invited: true, already: true, reason: null },
      {
        id: '13',
        name: 'Dave Diaz',
        invited: false,
        reason: 'Not a member of this group: only members can be invited.',
      },
    ]);
    expect(marked).toEqual([
      ['user:11', 'Bob Baker'],
      ['user:12', 'Carol Chen'],
    ]);
    expect(store.state.selected).toEqual([]);
    // Invited people are shown as such and cannot be picked again.
    expect(store.isInvited('11')).toBe(true);
    expect(store.isInvited('13')).toBe(false);
    store.toggle('11', true);
    expect(store.state.selected).toEqual([]);
  });

  it('has its own sentence for each documented phone.inviteToGroupCall error', () => {
    for (const type of [
      'GROUPCALL_FORBIDDEN',
      'GROUPCALL_INVALID',
      'INVITE_FORBIDDEN_WITH_JOINAS',
      'USER_ALREADY_INVITED',
      'USER_NOT_PARTICIPANT',
    ]) {
      expect(inviteErrorMessage(rpc(400, type))).toBe(INVITE_ERROR_MESSAGES[type]);
    }
    expect(new Set(Object.values(INVITE_ERROR_MESSAGES)).size).toBe(5);
    // Wrapped in another error (as a CallError carries its cause) it is still recognised.
    expect(inviteErrorMessage(Object.assign(new Error('wrapped'), { cause: rpc(403, 'GROUPCALL_FORBIDDEN') }))).toBe(
      'The video chat has already ended.',
    );
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

// A supergroup bigger than its first page: the first list, then the server's member search as one types.
describe('invite store: searching a big supergroup', () => {
  const member = (n: number, name = `Member ${String(n).padStart(4, '0')}`) => ({
    id: String(1000 + n),
    name,
    member: true,
  });
  const crowd = [
    ...Array.from({ length: 450 }, (_, i) => member(i)),
    member(450, 'Zoe Zimmer'),
    member(451, 'Bob Bystander'),
    member(452, 'Ivy Incall'),
  ];

  function bigGroup() {
    vi.useFakeTimers();
    const backend = createFakeBackend({
      contacts: [
        { id: '11', name: 'Bob Baker', phone: '1' },
        { id: '12', name: 'Carol Chen', phone: '2' },
      ],
      members: crowd,
      firstPage: 200,
    });
    const asked: string[] = [];
    const search = backend.searchInviteMembers.bind(backend);
    backend.searchInviteMembers = async (chatKey, query, limit) => {
      asked.push(query);
      return search(chatKey, query, limit);
    };
    const call = {
      ref: REF,
      isInCall: (peerId: string) => peerId === 'user:1452',
      markInvited: () => {},
      isInvited: () => false,
    };
    const store = createInviteStore({ backend: () => backend }, call, 'channel:1', { debounceMs: 300 });
    return { backend, store, asked };
  }

  afterEach(() => {
    vi.useRealTimers();
  });

  it('lists the first page and says that the others are found by typing', async () => {
    const { store, asked } = bigGroup();
    await store.load();
    expect(store.state).toMatchObject({ memberCount: 453, membersLoaded: 200, searchable: true });
    expect(store.visible()).toHaveLength(202); // 200 members and two contacts outside the group
    expect(inviteListNote(store.state, 202, 202)).toBe(
      'Showing the first 200 of 453 members: type a name to find more.',
    );
    expect(asked).toEqual([]);
  });

  it('asks the server once typing pauses (debounced), and merges its matches with matching contacts', async () => {
    const { store, asked } = bigGroup();
    await store.load();
    for (const q of ['z', 'zo', 'zoe']) {
      store.setQuery(q);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(asked).toEqual([]);
    expect(store.state.search).toEqual({ status: 'searching', query: 'zoe' });
    expect(inviteListNote(store.state, 0, 0)).toBe('Searching all 453 members…');
    await vi.advanceTimersByTimeAsync(300);
    await store.settled();
    expect(asked).toEqual(['zoe']);
    expect(store.visible().map((c) => c.name)).toEqual(['Zoe Zimmer']);

    store.setQuery('bob');
    await vi.advanceTimersByTimeAsync(300);
    await store.settled();
    // Bob Bystander (member 451, not on the first page) from the server, Bob Baker the contact from the first list.
    expect(store.visible().map((c) => [c.name, c.member])).toEqual([
      ['Bob Bystander', true],
      ['Bob Baker', false],
    ]);
    // The same words again (a space added) ask nothing more; clearing the query asks nothing.
    store.setQuery('bob ');
    store.setQuery('');
    await vi.advanceTimersByTimeAsync(1000);
    expect(asked).toEqual(['zoe', 'bob']);
    expect(store.state.search).toBeNull();
  });

  it('shows only the latest query’s answer when an older one comes back later', async () => {
    const { backend, store } = bigGroup();
    await store.load();
    const answers = new Map<string, (members: InviteCandidate[]) => void>();
    backend.searchInviteMembers = (_chatKey, query) =>
      new Promise((resolve) => answers.set(query, (members) => resolve({ members, count: members.length })));
    store.setQuery('zoe');
    await vi.advanceTimersByTimeAsync(300);
    store.setQuery('bob');
    await vi.advanceTimersByTimeAsync(300);
    answers.get('bob')!([member(451, 'Bob Bystander')]);
    await store.settled();
    answers.get('zoe')!([member(450, 'Zoe Zimmer')]); // late
    await vi.advanceTimersByTimeAsync(0);
    expect(store.state.search).toMatchObject({ status: 'done', query: 'bob' });
    expect(store.visible().map((c) => c.name)).toEqual(['Bob Bystander', 'Bob Baker']);
  });

  it('bounds a search and says when there are more matches; people in the call are left out', async () => {
    const { store, asked } = bigGroup();
    await store.load();
    store.setQuery('member');
    await vi.advanceTimersByTimeAsync(300);
    await store.settled();
    expect(asked).toEqual(['member']);
    expect(store.state.search).toMatchObject({ status: 'done', count: 450 });
    const shown = store.visible();
    // The server's 100 (SEARCH_LIMIT) and the first page's 200 matches, merged.
    expect(shown.length).toBeLessThanOrEqual(200 + SEARCH_LIMIT);
    expect(new Set(shown.map((c) => c.id)).size).toBe(shown.length);
    expect(inviteListNote(store.state, shown.length, shown.length)).toBe(
      `Showing the first ${SEARCH_LIMIT} of 450 members found: type more of the name to narrow it.`,
    );
    store.setQuery('ivy');
    await vi.advanceTimersByTimeAsync(300);
    await store.settled();
    expect(store.state.search).toMatchObject({ status: 'done', ids: [] });
    expect(store.visible()).toEqual([]); // Ivy is in the call
  });

  it('a failed search is said, and matches among those read are shown', async () => {
    const { backend, store } = bigGroup();
    await store.load();
    backend.searchInviteMembers = async () => {
      throw rpc(420, 'FLOOD_WAIT_3');
    };
    store.setQuery('carol');
    await vi.advanceTimersByTimeAsync(300);
    await store.settled();
    expect(store.state.search).toMatchObject({ status: 'failed', query: 'carol' });
    expect(store.visible().map((c) => c.name)).toEqual(['Carol Chen']);
    expect(inviteListNote(store.state, 1, 1)).toMatch(
      /^Could not search all members \(.+\)\. Showing matches among the first 200 of 453 members only\.$/,
    );
  });

  it('a basic group (every member read) is searched locally, never on the server', async () => {
    const backend = createFakeBackend();
    let asked = 0;
    backend.searchInviteMembers = async () => {
      asked++;
      return { members: [], count: 0 };
    };
    const store = createInviteStore(
      { backend: () => backend },
      { ref: REF, isInCall: () => false, markInvited: () => {}, isInvited: () => false },
      'chat:2',
      { debounceMs: 0 },
    );
    await store.load();
    store.setQuery('alice');
    await store.settled();
    await new Promise((r) => setTimeout(r, 10));
    expect(asked).toBe(0);
    expect(store.visible().map((c) => c.name)).toEqual(['Alice Archer']);
    expect(inviteListNote(store.state, 1, 1)).toBeNull();
  });
});
