// One chat's group call as its page shows it: going (with a count), scheduled (countdown, start now, notify me) or none
// (start / schedule / RTMP). Loads from the backend, follows the server's updateGroupCall for the chat.
import { createEffect, on, onCleanup } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { CallChanged, CallSummary, ChatCallState, NewCallOptions } from './backend';
import { messageForCallError } from './callMessages';
import type { SessionStore } from './sessionStore';

export interface ChatCallViewState {
  loading: boolean;
  loaded: ChatCallState | null;
  loadError: string | null;
  busy: boolean;
  /** A refused action (create, start, notify), as a sentence. */
  actionError: string | null;
  /** The RTMP server and key once an RTMP stream was created here. */
  rtmp: { url: string; key: string } | null;
}

/**
 * The call to show after the server's updateGroupCall: another chat's changes nothing, a live call replaces what was
 * shown, an ended call clears it only if it is the one shown (an older call's end arriving late must not hide a new one).
 */
export function callAfterChange(chatId: string, current: CallSummary | null, change: CallChanged): CallSummary | null {
  if (change.chatId !== chatId) return current;
  if (change.call !== null) return change.call;
  return current !== null && current.ref.id === change.callId ? null : current;
}

export function createChatCallStore(session: Pick<SessionStore, 'backend' | 'noticeError'>, chatKey: () => string) {
  const [state, setState] = createStore<ChatCallViewState>({
    loading: false,
    loaded: null,
    loadError: null,
    busy: false,
    actionError: null,
    rtmp: null,
  });
  const chatId = () => chatKey().slice(chatKey().indexOf(':') + 1);

  async function load(): Promise<void> {
    const key = chatKey();
    setState({ loading: true, loadError: null });
    try {
      const loaded = await session.backend().getChatCall(key);
      if (key === chatKey()) setState({ loaded, loading: false });
    } catch (error) {
      session.noticeError(error);
      if (key === chatKey()) setState({ loading: false, loadError: messageForCallError(error) });
    }
  }

  function setCall(call: CallSummary | null): void {
    if (state.loaded !== null) setState('loaded', 'call', call);
  }

  createEffect(
    on(chatKey, () => {
      setState({ loaded: null, actionError: null, rtmp: null });
      void load();
    }),
  );

  createEffect(() => {
    const unsubscribe = session.backend().callChanges.subscribe((change) => {
      const current = state.loaded?.call ?? null;
      const next = callAfterChange(chatId(), current, change);
      if (next !== current) setCall(next);
    });
    onCleanup(unsubscribe);
  });

  async function run(action: () => Promise<void>): Promise<boolean> {
    setState({ busy: true, actionError: null });
    try {
      await action();
      return true;
    } catch (error) {
      setState('actionError', messageForCallError(error));
      return false;
    } finally {
      setState('busy', false);
    }
  }

  return {
    state,
    load,

    /** Creates the call; for RTMP also fetches the server URL and key. True when it worked. */
    create(options: NewCallOptions): Promise<boolean> {
      return run(async () => {
        const backend = session.backend();
        const call = await backend.createCall(chatKey(), options);
        setCall(call);
        if (options.rtmp === true) setState('rtmp', await backend.getRtmpUrl(chatKey()));
      });
    },

    /** The RTMP server URL and key again (the owner, any time the stream runs); with `revoke`, a new key. */
    showRtmp(revoke = false): Promise<boolean> {
      if (!revoke) setState('rtmp', null);
      return run(async () => {
        setState('rtmp', await session.backend().getRtmpUrl(chatKey(), revoke));
      });
    },

    hideRtmp(): void {
      setState({ rtmp: null, actionError: null });
    },

    startNow(): Promise<boolean> {
      return run(async () => {
        const call = state.loaded?.call;
        if (!call) return;
        await session.backend().startScheduledCall(call.ref);
        setState('loaded', 'call', 'scheduleDate', null);
      });
    },

    setNotify(subscribed: boolean): Promise<boolean> {
      return run(async () => {
        const call = state.loaded?.call;
        if (!call) return;
        await session.backend().setCallStartSubscription(call.ref, subscribed);
        setState('loaded', 'call', 'subscribed', subscribed);
      });
    },

    clearError(): void {
      setState('actionError', null);
    },
  };
}

export type ChatCallStore = ReturnType<typeof createChatCallStore>;
