// The call the person is in (one at a time): joins through the engine (GroupCall from the backend), and keeps what the
// call screen shows — state, participants with names and speaking, own mute — updated from the engine's events.
import { batch, onCleanup } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import { GroupCallEvent, type CallParticipant, type GroupCall, type GroupCallState } from '../../groupcall';
import type { CallRef } from './backend';
import { messageForCallError } from './callMessages';
import type { SessionStore } from './sessionStore';

export interface CallPerson {
  peerId: string;
  name: string;
  isSelf: boolean;
  muted: boolean;
  handRaised: boolean;
  speaking: boolean;
}

export interface ActiveCallState {
  /** The chat whose call this is; null when the person is in no call. */
  chatKey: string | null;
  title: string;
  status: GroupCallState;
  canManage: boolean;
  people: CallPerson[];
  muted: boolean;
  canSelfUnmute: boolean;
  handRaised: boolean;
  /** Why the call failed or ended (a sentence), or null. */
  error: string | null;
  /** CallError reason behind `error` (e.g. 'microphone-denied'), so the screen can say what to do. */
  errorReason: string | null;
  /** A refused action (mute, hand, leave…) that did not end the call. */
  actionError: string | null;
  /** Someone else ended the call for everyone. */
  endedByOther: boolean;
  /** "Only admins can speak" is on (the call's join_muted). */
  joinMuted: boolean;
}

export interface JoinRequest {
  chatKey: string;
  ref: CallRef;
  title: string;
  canManage: boolean;
}

/** A fresh state (its own people array: the store's produce() edits arrays in place). */
const idle = (): ActiveCallState => ({
  chatKey: null,
  title: '',
  status: 'idle',
  canManage: false,
  people: [],
  muted: false,
  canSelfUnmute: true,
  handRaised: false,
  error: null,
  errorReason: null,
  actionError: null,
  endedByOther: false,
  joinMuted: false,
});

/** Own row first, then in the order people arrived. */
function sortPeople(people: CallPerson[]): void {
  const self = people.findIndex((p) => p.isSelf);
  if (self > 0) people.unshift(...people.splice(self, 1));
}

export function createCallStore(session: Pick<SessionStore, 'backend' | 'state'>) {
  const [state, setState] = createStore<ActiveCallState>(idle());
  let engine: GroupCall | null = null;
  let ref: CallRef | null = null;
  let unsubscribers: Array<() => void> = [];
  const names = new Map<string, string>();
  let endingOurselves = false;
  let lastRequest: JoinRequest | null = null;

  function release(): void {
    for (const unsubscribe of unsubscribers) unsubscribe();
    unsubscribers = [];
    engine = null;
  }

  function nameOf(p: CallParticipant): string {
    return names.get(p.peerId) ?? (p.isSelf && session.state.user ? `${session.state.user.firstName} ${session.state.user.lastName}`.trim() : 'Someone');
  }

  async function learnNames(peerIds: string[]): Promise<void> {
    const unknown = peerIds.filter((id) => !names.has(id));
    if (unknown.length === 0 || ref === null) return;
    try {
      const found = await session.backend().peerNames(unknown, ref);
      for (const [id, name] of found) names.set(id, name);
      setState(
        'people',
        produce((people) => {
          for (const person of people) person.name = found.get(person.peerId) ?? person.name;
        }),
      );
    } catch (error) {
      // Names are a nicety: rows keep "Someone" and the call goes on.
      console.debug('[tgcall] participant names not loaded', error);
    }
  }

  function applyParticipants(changed: CallParticipant[], removed: CallParticipant[]): void {
    setState(
      'people',
      produce((people) => {
        for (const p of removed) {
          // While rejoining, the server drops the old join of ours: the person is still in the call as far as they know.
          if (p.isSelf && (engine?.state === 'reconnecting' || engine?.state === 'joining')) continue;
          const index = people.findIndex((x) => x.peerId === p.peerId);
          if (index !== -1) people.splice(index, 1);
        }
        for (const p of changed) {
          const index = people.findIndex((x) => x.peerId === p.peerId);
          const row: CallPerson = {
            peerId: p.peerId,
            name: nameOf(p),
            isSelf: p.isSelf,
            muted: p.muted,
            handRaised: p.handRaised,
            // A muted person sends nothing, so no level sample would ever end their "speaking": muting ends it.
            speaking: index === -1 || p.muted ? false : people[index].speaking,
          };
          if (index === -1) people.push(row);
          else people[index] = row;
        }
        sortPeople(people);
      }),
    );
    void learnNames(changed.map((p) => p.peerId));
  }

  function watch(call: GroupCall): void {
    unsubscribers = [
      call.on(GroupCallEvent.StateChanged, ({ state: status, error }) => {
        if (call !== engine) return;
        batch(() => {
          setState('status', status);
          if (status === 'ended' && !endingOurselves) setState('endedByOther', true);
          if (error !== undefined && status !== 'ended') setState({ error: messageForCallError(error), errorReason: error.reason });
          if (status === 'ended' || status === 'failed' || status === 'left') setState('people', (p) => p.speaking, 'speaking', false);
        });
      }),
      call.on(GroupCallEvent.ParticipantsChanged, ({ changed, removed }) => {
        if (call === engine) applyParticipants(changed, removed);
      }),
      call.on(GroupCallEvent.SpeakingChanged, ({ peerId, speaking }) => {
        if (call !== engine || peerId === null) return;
        setState('people', (p) => p.peerId === peerId && (!speaking || !p.muted), 'speaking', speaking);
      }),
      call.on(GroupCallEvent.MuteChanged, ({ muted, canSelfUnmute, handRaised }) => {
        if (call !== engine) return;
        setState({ muted, canSelfUnmute, handRaised });
        setState('people', (p) => p.isSelf, { muted, handRaised, ...(muted ? { speaking: false } : {}) });
      }),
      call.on(GroupCallEvent.CallUpdated, (info) => {
        if (call !== engine) return;
        if (info.title) setState('title', info.title);
        setState('joinMuted', info.join_muted === true);
      }),
    ];
  }

  async function act(action: (call: GroupCall) => Promise<void>): Promise<void> {
    const call = engine;
    if (call === null) return;
    setState('actionError', null);
    try {
      await action(call);
    } catch (error) {
      if (call === engine) setState('actionError', messageForCallError(error));
    }
  }

  // Closing the tab leaves the call, so that the others see the person go at once (not after the server's grace period).
  const onPageHide = () => void engine?.leave();
  if (typeof window !== 'undefined') window.addEventListener('pagehide', onPageHide);

  onCleanup(() => {
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', onPageHide);
    void engine?.leave();
    release();
  });

  return {
    state,

    /** Opens the microphone and joins; a previous call (if any) is left first. Failures land in state.error. */
    async join(request: JoinRequest): Promise<void> {
      if (engine !== null) await engine.leave().catch(() => undefined);
      release();
      lastRequest = request;
      endingOurselves = false;
      names.clear();
      ref = request.ref;
      setState({ ...idle(), chatKey: request.chatKey, title: request.title, canManage: request.canManage, status: 'joining' });
      let call: GroupCall;
      try {
        call = session.backend().openGroupCall(request.ref, {});
      } catch (error) {
        setState({ status: 'failed', error: messageForCallError(error), errorReason: null });
        return;
      }
      engine = call;
      watch(call);
      applyParticipants(call.participants, []);
      if (call.info !== null) setState('joinMuted', call.info.join_muted === true);
      setState({ muted: call.muteState.muted, canSelfUnmute: call.muteState.canSelfUnmute });
      try {
        await call.join();
      } catch {
        // The StateChanged event carried the error into the state already.
      }
    },

    /** Joins the same call again after a failure. */
    async retry(): Promise<void> {
      if (lastRequest !== null) await this.join(lastRequest);
    },

    /** "Only admins can speak" on or off (admins). */
    async setJoinMuted(joinMuted: boolean): Promise<void> {
      const target = ref;
      if (target === null) return;
      setState('actionError', null);
      try {
        await session.backend().setCallJoinMuted(target, joinMuted);
        setState('joinMuted', joinMuted);
      } catch (error) {
        setState('actionError', messageForCallError(error));
      }
    },

    setMuted: (muted: boolean) => act((call) => call.setMuted(muted)),
    raiseHand: (raised: boolean) => act((call) => call.raiseHand(raised)),

    /** Leaves, and the chat page shows again (the server hears it in the background). */
    async leave(): Promise<void> {
      const call = engine;
      release();
      setState(idle());
      if (call !== null) await call.leave().catch((error: unknown) => console.debug('[tgcall] leave not heard by the server', error));
    },

    /** Ends the call for everyone (admins). */
    async end(): Promise<void> {
      endingOurselves = true;
      await act((call) => call.end());
      if (engine?.state !== 'ended') endingOurselves = false;
    },

    /** Back to "no call" after the call screen showed how it ended. */
    dismiss(): void {
      if (engine !== null && (engine.state === 'connected' || engine.state === 'joining' || engine.state === 'reconnecting')) return;
      release();
      setState(idle());
    },
  };
}

export type CallStore = ReturnType<typeof createCallStore>;
