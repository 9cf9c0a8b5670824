// A Backend whose real implementation (the MTProto client and everything under it, most of the app's code by size)
// arrives later, from a dynamic import: the first paint does not wait for it. Until it is there the connection reads
// "connecting", listeners are kept and attached when it arrives, and every request waits for it (or fails with the
// error that kept it from loading). After dispose() the late arrival is disposed at once.
import type { ConnectionState } from '../../telegram/api';
import type { Backend, Listenable } from './backend';
import type { Settings } from './settingsStore';

export type BackendFactory = (settings: Settings) => Backend;

type Listener<T> = (value: T) => void;

/** A Listenable that relays the real one once it exists; unsubscribing before that drops the listener. */
function relay<T>(source: () => Listenable<T> | null, later: Set<() => void>): Listenable<T> {
  return {
    subscribe(listener: Listener<T>) {
      const now = source();
      if (now !== null) return now.subscribe(listener);
      let unsubscribe: (() => void) | null = null;
      let active = true;
      const attach = () => {
        const real = source();
        if (active && real !== null) unsubscribe = real.subscribe(listener);
      };
      later.add(attach);
      return () => {
        active = false;
        later.delete(attach);
        unsubscribe?.();
      };
    },
  };
}

/** Backend members that are not requests: answered by the wrapper itself. */
type SyncMember =
  | 'endpointKind'
  | 'connection'
  | 'chatChanges'
  | 'callChanges'
  | 'invitations'
  | 'floodWaits'
  | 'reconnectNow'
  | 'serverNow'
  | 'dispose';

export function lazyBackend(load: () => Promise<BackendFactory>): BackendFactory {
  // One import for all backends (settings changes make new ones); a failed one is tried again by the next backend.
  let factory: Promise<BackendFactory> | null = null;
  const loadOnce = (): Promise<BackendFactory> => {
    factory ??= load().catch((error: unknown) => {
      factory = null;
      throw error;
    });
    return factory;
  };

  return (settings) => {
    let real: Backend | null = null;
    let disposed = false;
    const attachLater = new Set<() => void>();
    /** Connection listeners that subscribed before the real backend was there: told its state when it arrives. */
    const earlyConnectionListeners = new Set<Listener<ConnectionState>>();
    const ready: Promise<Backend> = loadOnce().then((create) => {
      const backend = create(settings);
      if (disposed) {
        backend.dispose();
        throw new Error('the backend was closed before it loaded');
      }
      real = backend;
      for (const attach of [...attachLater]) attach();
      attachLater.clear();
      // A store that read "connecting" from the wrapper learns the real state, if it is already another.
      const state = backend.connection.state;
      if (state !== 'connecting') for (const listener of [...earlyConnectionListeners]) listener(state);
      earlyConnectionListeners.clear();
      return backend;
    });
    // A request made later sees the failure; this keeps an unasked-for failure from being reported as unhandled.
    ready.catch((error: unknown) => console.debug('[tgcall] the Telegram client did not load', error));

    const connectionRelay = relay(() => real?.connection ?? null, attachLater);
    const connection: Backend['connection'] = {
      get state(): ConnectionState {
        return real?.connection.state ?? 'connecting';
      },
      subscribe(listener) {
        if (real !== null) return real.connection.subscribe(listener);
        earlyConnectionListeners.add(listener);
        const unsubscribe = connectionRelay.subscribe(listener);
        return () => {
          earlyConnectionListeners.delete(listener);
          unsubscribe();
        };
      },
    };

    const floodWaitsRelay = relay(() => real?.floodWaits ?? null, attachLater);
    const own: Pick<Backend, SyncMember> = {
      endpointKind: settings.endpoint,
      connection,
      chatChanges: relay(() => real?.chatChanges ?? null, attachLater),
      callChanges: relay(() => real?.callChanges ?? null, attachLater),
      invitations: relay(() => real?.invitations ?? null, attachLater),
      floodWaits: {
        get state() {
          return real?.floodWaits?.state ?? [];
        },
        subscribe: (listener) => floodWaitsRelay.subscribe(listener),
      },
      reconnectNow() {
        real?.reconnectNow();
      },
      serverNow: () => real?.serverNow() ?? Date.now(),
      dispose() {
        disposed = true;
        real?.dispose();
      },
    };

    return new Proxy(own as Backend, {
      get(target, key) {
        // Read as plain values: the wrapper's own members close over their state and use no `this`.
        if (key in target) return Reflect.get(target, key) as unknown;
        if (typeof key !== 'string') return undefined;
        return (...args: unknown[]) =>
          ready.then((backend) => {
            const member: unknown = Reflect.get(backend, key);
            if (typeof member !== 'function') throw new Error(`the backend has no method ${key}`);
            return (member as (...a: unknown[]) => unknown).apply(backend, args);
          });
      },
    });
  };
}
