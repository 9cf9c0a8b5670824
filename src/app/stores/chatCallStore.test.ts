// A chat page's call state: loaded, created, and following the server's updateGroupCall for this chat only.
import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { createFakeBackend } from '../testing/fakeBackend';
import { callAfterChange, createChatCallStore } from './chatCallStore';
import type { SessionStore } from './sessionStore';

// Vitest runs Solid's server build (environment node): effects do not run, so the tests call load() themselves.
const tick = (store: { load(): Promise<void> }) => store.load();

function setup() {
  const backend = createFakeBackend();
  const session = { backend: () => backend, noticeError: () => undefined } as unknown as Pick<
    SessionStore,
    'backend' | 'noticeError'
  >;
  const store = createRoot(() => createChatCallStore(session, () => 'chat:2'));
  return { backend, store };
}

describe('chat call store', () => {
  it('loads "no call", creates a scheduled one, asks to be notified, starts it', async () => {
    const { store } = setup();
    await tick(store);
    expect(store.state.loaded).toMatchObject({ chatKey: 'chat:2', call: null, canManageCalls: true });

    expect(await store.create({ title: 'Plan', scheduleDate: 2_000_000_000 })).toBe(true);
    const call = store.state.loaded!.call!;
    expect(call).toMatchObject({ title: 'Plan', scheduleDate: 2_000_000_000 });
    expect(await store.setNotify(true)).toBe(true);
    expect(store.state.loaded!.call!.subscribed).toBe(true);
    expect(await store.startNow()).toBe(true);
    expect(store.state.loaded!.call!.scheduleDate).toBeNull();
  });

  it("follows the server's call updates for this chat only", () => {
    const live = {
      ref: { id: '7', accessHash: '1' },
      title: 'Plan',
      participantsCount: 1,
      scheduleDate: null,
      subscribed: false,
      rtmp: false,
    };
    expect(callAfterChange('2', live, { chatId: '3', callId: '999', call: null })).toBe(live);
    expect(
      callAfterChange('2', live, { chatId: '2', callId: '7', call: { ...live, participantsCount: 4 } })
        ?.participantsCount,
    ).toBe(4);
    expect(callAfterChange('2', live, { chatId: '2', callId: 'older', call: null })).toBe(live);
    expect(callAfterChange('2', live, { chatId: '2', callId: '7', call: null })).toBeNull();
    expect(
      callAfterChange('2', null, { chatId: '2', callId: '8', call: { ...live, ref: { id: '8', accessHash: '1' } } })
        ?.ref.id,
    ).toBe('8');
  });

  it('an RTMP stream brings its URL and key', async () => {
    const { store } = setup();
    await tick(store);
    expect(await store.create({ title: '', rtmp: true })).toBe(true);
    expect(store.state.rtmp).toEqual({ url: 'rtmp://127.0.0.1/live', key: 'fake-key' });
  });

  it('a refused create keeps its sentence for the dialog', async () => {
    const { backend, store } = setup();
    await tick(store);
    backend.createCall = async () => {
      throw Object.assign(new Error('400 CHAT_ADMIN_REQUIRED'), { code: 400, type: 'CHAT_ADMIN_REQUIRED' });
    };
    expect(await store.create({ title: '' })).toBe(false);
    expect(store.state.actionError).toBeTruthy();
    expect(store.state.loaded!.call).toBeNull();
  });
});
