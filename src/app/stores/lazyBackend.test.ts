// The Backend that arrives from a dynamic import: the session store works over it as over the real one — it starts
// "connecting", signs in once the client is there, hears chat changes subscribed before, and a failed import is an
// error the session shows (and the next backend tries the import again).
import { createRoot } from 'solid-js';
import { describe, expect, it, vi } from 'vitest';
import { createFakeBackend, type FakeBackend } from '../testing/fakeBackend';
import type { Backend, FloodWaitNotice } from './backend';
import { lazyBackend, type BackendFactory } from './lazyBackend';
import { createSessionStore } from './sessionStore';
import { createSettingsStore, defaultSettings, type KeyValueStorage } from './settingsStore';

function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

/** An import the test lets finish (or fail) when it wants. */
function gatedImport() {
  let finish: (factory: BackendFactory) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const load = vi.fn(
    () =>
      new Promise<BackendFactory>((resolve, reject) => {
        finish = resolve;
        fail = reject;
      }),
  );
  return { load, finish: (f: BackendFactory) => finish(f), fail: (e: Error) => fail(e) };
}

const settings = defaultSettings({});

describe('lazyBackend', () => {
  it('reads "connecting" until the client is there, then its state; requests wait for it', async () => {
    const gate = gatedImport();
    const fake = createFakeBackend({ signedIn: { id: '1', firstName: 'Ann', lastName: '', phone: '999' } });
    const backend = lazyBackend(gate.load)(settings);
    expect(backend.endpointKind).toBe(settings.endpoint);
    expect(backend.connection.state).toBe('connecting');
    const seen: string[] = [];
    backend.connection.subscribe((state) => seen.push(state));
    const self = backend.getSelf();
    gate.finish(() => fake);
    await expect(self).resolves.toMatchObject({ firstName: 'Ann' });
    // The fake is 'ready' from the start: told once on arrival, then its changes as they come.
    expect(backend.connection.state).toBe('ready');
    fake.setConnection('waiting-to-reconnect');
    expect(seen).toEqual(['ready', 'waiting-to-reconnect']);
  });

  it('relays pushed changes to listeners that subscribed before the client arrived, until they unsubscribe', async () => {
    const gate = gatedImport();
    const fake = createFakeBackend();
    const backend = lazyBackend(gate.load)(settings);
    const kept: string[] = [];
    const dropped: string[] = [];
    backend.chatChanges.subscribe((change) => kept.push(...change.removed));
    const unsubscribe = backend.chatChanges.subscribe((change) => dropped.push(...change.removed));
    unsubscribe();
    gate.finish(() => fake);
    await backend.getChats();
    fake.pushChats({ chats: [], removed: ['chat:2'] });
    expect(kept).toEqual(['chat:2']);
    expect(dropped).toEqual([]);
  });

  it('relays FLOOD_WAIT notices to a listener that subscribed before the client arrived', async () => {
    const gate = gatedImport();
    let notify: (waits: readonly FloodWaitNotice[]) => void = () => undefined;
    let current: readonly FloodWaitNotice[] = [];
    const fake: Backend = Object.assign(Object.create(createFakeBackend()) as Backend, {
      floodWaits: {
        get state() {
          return current;
        },
        subscribe(listener: (waits: readonly FloodWaitNotice[]) => void) {
          notify = listener;
          return () => undefined;
        },
      },
    });
    const backend = lazyBackend(gate.load)(settings);
    expect(backend.floodWaits?.state).toEqual([]);
    const seen: (readonly FloodWaitNotice[])[] = [];
    backend.floodWaits?.subscribe((waits) => seen.push(waits));
    gate.finish(() => fake);
    await backend.getSelf().catch(() => undefined);
    const wait: FloodWaitNotice = { method: 'phone.joinGroupCall', seconds: 3, until: 3_000 };
    current = [wait];
    notify(current);
    expect(seen).toEqual([[wait]]);
    expect(backend.floodWaits?.state).toEqual([wait]);
  });

  it('disposes a client that arrives after the backend was closed', async () => {
    const gate = gatedImport();
    const fake = createFakeBackend();
    const dispose = vi.spyOn(fake, 'dispose');
    const backend = lazyBackend(gate.load)(settings);
    const self = backend.getSelf();
    backend.dispose();
    gate.finish(() => fake);
    await expect(self).rejects.toThrow(/closed before it loaded/);
    expect(dispose).toHaveBeenCalledOnce();
  });

  it('a failed import is the session start error; the next backend imports again', async () => {
    const failing = gatedImport();
    const connect = lazyBackend(failing.load);
    await createRoot(async () => {
      const store = createSettingsStore(memoryStorage(), settings);
      const session = createSessionStore({ settings: store, connect });
      const started = session.start();
      failing.fail(new TypeError('Failed to fetch dynamically imported module'));
      await started;
      expect(session.state.phase).toBe('starting');
      expect(session.state.error).not.toBeNull();
    });
    connect(settings);
    expect(failing.load).toHaveBeenCalledTimes(2);
  });

  it('the session store signs in over it', async () => {
    const gate = gatedImport();
    const fake: FakeBackend = createFakeBackend();
    await createRoot(async () => {
      const store = createSettingsStore(memoryStorage(), settings);
      const session = createSessionStore({ settings: store, connect: lazyBackend(gate.load) });
      const started = session.start();
      expect(session.state.phase).toBe('starting');
      expect(session.state.connection).toBe('connecting');
      gate.finish(() => fake);
      await started;
      expect(session.state.phase).toBe('signedOut');
      expect(session.state.connection).toBe('ready');
      await session.submitPhone('9996610001');
      expect(session.state.step).toBe('code');
    });
  });
});
