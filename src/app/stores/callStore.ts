// The call the person is in (one at a time): joins through the engine (GroupCall from the backend), and keeps what the
// call screen shows — state, participants with names and speaking, own mute — updated from the engine's events.
import { batch, onCleanup } from 'solid-js';
import { createStore } from 'solid-js/store';
// Not the engine itself (the backend loads it when a call is opened): its events, errors and ordering only.
import type { CallParticipant, GroupCall, GroupCallState } from '../../groupcall';
import { GroupCallEvent } from '../../groupcall/groupCallEvents';
import { microphoneError } from '../../groupcall/microphone';
import { sortParticipants } from '../../groupcall/participantOrder';
import { meterLevel, type LevelMeter } from '../media/levelMeter';
import { silentTrack } from '../media/silentTrack';
import type { CallRef } from './backend';
import { messageForCallError } from './callMessages';
import type { DevicesStore } from './devicesStore';
import type { SessionStore } from './sessionStore';

export interface CallPerson {
  peerId: string;
  name: string;
  isSelf: boolean;
  muted: boolean;
  /** False while an admin keeps the person muted (they may only raise the hand). */
  canSelfUnmute: boolean;
  handRaised: boolean;
  speaking: boolean;
  /** Invited by this person during this call and not in it (yet). */
  invited: boolean;
  /** This client's playback volume for the person, percent (0..200). */
  volume: number;
}

export interface ActiveCallState {
  /** The chat whose call this is; null when the person is in no call. */
  chatKey: string | null;
  title: string;
  status: GroupCallState;
  canManage: boolean;
  people: CallPerson[];
  /** The server has more participants than loaded: the panel loads them as it is scrolled (loadMoreParticipants). */
  moreParticipants: boolean;
  /** The call's size as the server counts it (can exceed `people` while pages are still to load), or null. */
  participantsCount: number | null;
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
  /** The browser refused the microphone: the person is in the call as a listener until they allow it. */
  micBlocked: boolean;
  /**
   * The microphone stopped mid-call (unplugged, taken by another app, permission taken back): what happened and what
   * to do, shown on the call screen with a way to choose another microphone; null while the microphone is fine.
   */
  micProblem: string | null;
  /** The own microphone's input level (0..1) while it is live. */
  micLevel: number;
  /** Something the call says once, politely (an admin muted you, you may speak now, a device went away). */
  announcement: string | null;
}

export interface JoinRequest {
  chatKey: string;
  ref: CallRef;
  title: string;
  canManage: boolean;
  /** From the invite link the person opened: a speaker link lets them unmute in a join-muted call. */
  inviteHash?: string;
  /** A JoinAsOption's peerId (a channel the person owns); absent to join as themselves. */
  joinAs?: string;
  /** The camera the person turned on before joining (its preview's track): the call owns it from now on. */
  camera?: MediaStreamTrack;
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
  moreParticipants: false,
  participantsCount: null,
  micBlocked: false,
  micProblem: null,
  micLevel: 0,
  announcement: null,
});

/** The slider's range: Telegram lets a listener play someone at up to 200 %. */
export const MAX_LOCAL_VOLUME = 200;

/** The part of the devices store a call uses; absent (unit tests), the engine opens the default microphone itself. */
export type CallDevices = Pick<DevicesStore, 'openMicrophone' | 'onDeviceLost' | 'tell' | 'choose' | 'state'>;

const DENIED_NAMES = new Set(['NotAllowedError', 'SecurityError', 'PermissionDeniedError']);
const isDenied = (error: unknown) =>
  typeof error === 'object' && error !== null && 'name' in error && DENIED_NAMES.has(String(error.name));

/** How often at most joins and leaves are announced. */
const ANNOUNCE_MS = 1500;

/** "Bob Baker joined", "Bob Baker and Carol Chen left", "5 people joined". */
export function peopleSentence(names: string[], verb: 'joined' | 'left'): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} ${verb}.`;
  if (names.length === 2) return `${names[0]} and ${names[1]} ${verb}.`;
  return `${names.length} people ${verb}.`;
}

export function createCallStore(session: Pick<SessionStore, 'backend' | 'state'>, devices: CallDevices | null = null) {
  const [state, setState] = createStore<ActiveCallState>(idle());
  /** The microphone track this store opened for the engine (the level meter reads it; its end means unplugged). */
  let micTrack: MediaStreamTrack | null = null;
  let meter: LevelMeter | null = null;

  function stopMeter(): void {
    meter?.stop();
    meter = null;
    setState('micLevel', 0);
  }

  /** Follows a microphone track: its level for the button, and its end (unplugged, revoked) → the default device. */
  function useMicTrack(track: MediaStreamTrack, real: boolean): void {
    stopMeter();
    micTrack = track;
    if (!real) return;
    try {
      meter = meterLevel(track, (level) => {
        if (micTrack === track) setState('micLevel', state.muted ? 0 : level);
      });
    } catch (error) {
      // The meter is a nicety (no WebAudio here): the call goes on without it.
      console.debug('[tgcall] no level meter', error);
    }
    track.addEventListener('ended', () => {
      if (micTrack !== track || engine === null) return;
      void onMicrophoneEnded();
    });
  }

  /**
   * The microphone's track ended mid-call: the default microphone is tried on the same connection. If none can be
   * opened (none left, or the permission was taken back), the person is muted and stays in the call; either way the
   * screen says what happened and offers another microphone (Devices).
   */
  async function onMicrophoneEnded(): Promise<void> {
    devices?.choose('microphone', '');
    let notice: string;
    try {
      await switchMicrophoneTrack();
      notice =
        'Your microphone stopped (unplugged or taken by another app); now using the default microphone. You can choose another one in Devices.';
    } catch (error) {
      if (engine === null) return;
      if (!state.muted) await act((call) => call.setMuted(true));
      notice = isDenied(error)
        ? 'The browser no longer allows the microphone, so you are muted (still in the call). Allow it in the site settings, then choose a microphone.'
        : 'Your microphone stopped and no other could be opened, so you are muted (still in the call). Connect one, then choose it.';
    }
    devices?.tell(notice);
    setState({ micProblem: notice, announcement: notice });
  }

  /** The engine's microphone: the chosen device; refused by the browser → a silent track and the person listens. */
  async function openCallMicrophone(): Promise<MediaStreamTrack> {
    if (devices === null) throw new Error('openCallMicrophone without devices');
    try {
      const track = await devices.openMicrophone();
      useMicTrack(track, true);
      return track;
    } catch (error) {
      if (!isDenied(error)) throw microphoneError(error);
      setState('micBlocked', true);
      const track = silentTrack();
      useMicTrack(track, false);
      return track;
    }
  }

  /** A fresh track from the chosen device into the running call (replaceTrack: the call is never rejoined). */
  async function switchMicrophoneTrack(): Promise<void> {
    const call = engine;
    if (call === null || devices === null) return;
    const track = await devices.openMicrophone();
    if (call !== engine) {
      track.stop();
      return;
    }
    await call.replaceMicrophone(track);
    useMicTrack(track, true);
  }
  let engine: GroupCall | null = null;
  /** Stores that follow the engine (callVideoStore): told at once and at every change. */
  const engineListeners = new Set<(call: GroupCall | null) => void>();
  function setEngineNow(call: GroupCall | null): void {
    for (const listener of [...engineListeners]) listener(call);
  }
  let ref: CallRef | null = null;
  let unsubscribers: Array<() => void> = [];
  const names = new Map<string, string>();
  let endingOurselves = false;
  let lastRequest: JoinRequest | null = null;
  /** Counts joins, so that a join whose engine arrives after a newer join (or a leave) drops it. */
  let joinAttempt = 0;

  function release(): void {
    clearTimeout(announceTimer);
    announceTimer = undefined;
    joinedSince.clear();
    leftSince.clear();
    for (const unsubscribe of unsubscribers) unsubscribe();
    unsubscribers = [];
    engine = null;
    setEngineNow(null);
    stopMeter();
    micTrack = null;
  }

  const stopWatchingDevices = devices?.onDeviceLost((kind) => {
    if (engine === null) return;
    // Said in the call too (the devices panel may be closed): which device went and which one took over.
    if (devices?.state.notice) setState('announcement', devices.state.notice);
    if (kind === 'microphone' && !state.micBlocked) {
      switchMicrophoneTrack().catch((error: unknown) =>
        setState('actionError', messageForCallError(microphoneError(error))),
      );
    }
    if (kind === 'speaker')
      engine.setSpeaker('').catch((error: unknown) => console.debug('[tgcall] speaker not reset', error));
  });

  // The engine's participants by peer id, who speaks, whom this person invited, and their chosen volumes: plain maps; the
  // store's `people` is rebuilt from them (Telegram's order) whenever one changes, one array for the virtualised panel.
  const participants = new Map<string, CallParticipant>();
  const speaking = new Set<string>();
  const invited = new Map<string, string>();
  const volumes = new Map<string, number>();
  /** The volume a person had before "Mute for me", to go back to. */
  const mutedForMeVolumes = new Map<string, number>();
  /** Row objects by peer id, reused while nothing in them changed (the panel then re-renders nothing for them). */
  const rows = new Map<string, CallPerson>();

  function nameOf(p: CallParticipant): string {
    return (
      names.get(p.peerId) ??
      (p.isSelf && session.state.user
        ? `${session.state.user.firstName} ${session.state.user.lastName}`.trim()
        : 'Someone')
    );
  }

  function rowOf(next: CallPerson): CallPerson {
    const before = rows.get(next.peerId);
    if (
      before !== undefined &&
      before.name === next.name &&
      before.isSelf === next.isSelf &&
      before.muted === next.muted &&
      before.canSelfUnmute === next.canSelfUnmute &&
      before.handRaised === next.handRaised &&
      before.speaking === next.speaking &&
      before.invited === next.invited &&
      before.volume === next.volume
    ) {
      return before;
    }
    rows.set(next.peerId, next);
    return next;
  }

  /** People in Telegram's order (sortParticipants: you, speakers, raised hands, activity), then those invited but not in. */
  function rebuild(): void {
    // Activity dates are the server's: compared with its clock, so a device clock minutes off does not drop them.
    const now = Math.floor(session.backend().serverNow() / 1000);
    const ordered = sortParticipants([...participants.values()], { now, speaking });
    const people: CallPerson[] = ordered.map((p) =>
      rowOf({
        peerId: p.peerId,
        name: nameOf(p),
        isSelf: p.isSelf,
        muted: p.muted,
        canSelfUnmute: p.canSelfUnmute,
        handRaised: p.handRaised,
        speaking: speaking.has(p.peerId),
        invited: false,
        volume: volumes.get(p.peerId) ?? 100,
      }),
    );
    for (const [peerId, name] of invited) {
      if (participants.has(peerId)) continue;
      people.push(
        rowOf({
          peerId,
          name,
          isSelf: false,
          muted: true,
          canSelfUnmute: true,
          handRaised: false,
          speaking: false,
          invited: true,
          volume: 100,
        }),
      );
    }
    setState('people', people);
  }

  /** Peers whose names were asked for once already (a call of thousands must not ask again on every update). */
  const askedNames = new Set<string>();
  async function learnNames(peerIds: string[]): Promise<void> {
    const unknown = peerIds.filter((id) => !names.has(id) && !askedNames.has(id));
    if (unknown.length === 0 || ref === null) return;
    for (const id of unknown) askedNames.add(id);
    const asked = ref;
    try {
      const found = await session.backend().peerNames(unknown, ref);
      if (asked !== ref) return;
      for (const [id, name] of found) names.set(id, name);
      if (found.size > 0) rebuild();
    } catch (error) {
      // Names are a nicety: rows keep "Someone" and the call goes on.
      console.debug('[tgcall] participant names not loaded', error);
    }
  }

  // Joins and leaves, said in the live region at most once every ANNOUNCE_MS (a busy call would otherwise talk
  // over itself), with the names known by then.
  const joinedSince = new Set<string>();
  const leftSince = new Map<string, string>();
  let announceTimer: ReturnType<typeof setTimeout> | undefined;
  function flushAnnouncements(): void {
    announceTimer = undefined;
    const joined = [...joinedSince].filter((id) => participants.has(id)).map((id) => names.get(id) ?? 'Someone');
    const left = [...leftSince.values()];
    joinedSince.clear();
    leftSince.clear();
    const sentence = [peopleSentence(joined, 'joined'), peopleSentence(left, 'left')].filter((s) => s !== '').join(' ');
    if (sentence !== '') setState('announcement', sentence);
  }
  function noteArrivals(changed: CallParticipant[], removed: CallParticipant[]): void {
    if (state.status !== 'connected' && state.status !== 'reconnecting') return;
    for (const p of changed) if (!p.isSelf && !participants.has(p.peerId)) joinedSince.add(p.peerId);
    for (const p of removed) {
      if (p.isSelf || !participants.has(p.peerId)) continue;
      if (joinedSince.delete(p.peerId)) continue;
      leftSince.set(p.peerId, names.get(p.peerId) ?? 'Someone');
    }
    if ((joinedSince.size > 0 || leftSince.size > 0) && announceTimer === undefined)
      announceTimer = setTimeout(flushAnnouncements, ANNOUNCE_MS);
  }

  function applyParticipants(changed: CallParticipant[], removed: CallParticipant[]): void {
    noteArrivals(changed, removed);
    for (const p of removed) {
      // While rejoining, the server drops the old join of ours: the person is still in the call as far as they know.
      if (p.isSelf && (engine?.state === 'reconnecting' || engine?.state === 'joining')) continue;
      participants.delete(p.peerId);
      speaking.delete(p.peerId);
    }
    for (const p of changed) {
      participants.set(p.peerId, p);
      // A muted person sends nothing, so no level sample would ever end their "speaking": muting ends it.
      if (p.muted) speaking.delete(p.peerId);
    }
    rebuild();
    void learnNames(changed.map((p) => p.peerId));
  }

  function clearPeople(): void {
    askedNames.clear();
    participants.clear();
    speaking.clear();
    invited.clear();
    volumes.clear();
    mutedForMeVolumes.clear();
    rows.clear();
  }

  function watch(call: GroupCall): void {
    const speakingNow = speaking;
    unsubscribers = [
      call.on(GroupCallEvent.StateChanged, ({ state: status, error }) => {
        if (call !== engine) return;
        batch(() => {
          setState('status', status);
          if (status === 'ended' && !endingOurselves) setState('endedByOther', true);
          if (error !== undefined && status !== 'ended')
            setState({ error: messageForCallError(error), errorReason: error.reason });
          if ((status === 'ended' || status === 'failed' || status === 'left') && speaking.size > 0) {
            speaking.clear();
            rebuild();
          }
        });
      }),
      call.on(GroupCallEvent.ParticipantsChanged, ({ changed, removed }) => {
        if (call !== engine) return;
        applyParticipants(changed, removed);
        setState({ moreParticipants: call.hasMoreParticipants, participantsCount: call.participantsCount });
      }),
      call.on(GroupCallEvent.SpeakingChanged, ({ peerId, speaking }) => {
        if (call !== engine || peerId === null) return;
        if (speaking === speakingNow.has(peerId)) return;
        if (speaking && participants.get(peerId)?.muted === true) return;
        if (speaking) speakingNow.add(peerId);
        else speakingNow.delete(peerId);
        rebuild();
      }),
      call.on(GroupCallEvent.MuteChanged, ({ muted, canSelfUnmute, handRaised }) => {
        if (call !== engine) return;
        // Said once, as Telegram's toasts: an admin took the microphone away, or gave it back.
        if (state.status !== 'idle' && state.canSelfUnmute && !canSelfUnmute)
          setState('announcement', 'An admin muted you. Raise your hand to ask to speak.');
        if (!state.canSelfUnmute && canSelfUnmute)
          setState('announcement', 'An admin allowed you to speak. Unmute when you are ready.');
        setState({ muted, canSelfUnmute, handRaised });
        if (muted) setState('micLevel', 0);
        // The own row follows the button at once, before the server's participant update comes back.
        for (const [peerId, p] of participants) {
          if (!p.isSelf) continue;
          participants.set(peerId, { ...p, muted, canSelfUnmute, handRaised });
          if (muted) speakingNow.delete(peerId);
        }
        rebuild();
      }),
      call.on(GroupCallEvent.CallUpdated, (info) => {
        if (call !== engine) return;
        if (info.title) setState('title', info.title);
        setState({ joinMuted: info.join_muted === true, participantsCount: call.participantsCount });
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
    stopWatchingDevices?.();
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', onPageHide);
    void engine?.leave();
    release();
  });

  return {
    state,
    /** Follows the GroupCall of the current call (null when none): camera and video. Returns the unsubscribe. */
    watchEngine(listener: (call: GroupCall | null) => void): () => void {
      engineListeners.add(listener);
      listener(engine);
      return () => {
        engineListeners.delete(listener);
      };
    },

    /** The next page of participants, as the panel nears the end of what it shows (one request at a time). */
    loadMoreParticipants(): void {
      void engine?.loadMoreParticipants();
    },

    /** Opens the microphone and joins; a previous call (if any) is left first. Failures land in state.error. */
    async join(request: JoinRequest): Promise<void> {
      if (engine !== null) await engine.leave().catch(() => undefined);
      release();
      const attempt = ++joinAttempt;
      // "Try again" joins without the preview's camera: the failed call stopped it (turned on again in the call).
      const { camera: _camera, ...again } = request;
      lastRequest = again;
      endingOurselves = false;
      names.clear();
      clearPeople();
      ref = request.ref;
      setState({
        ...idle(),
        chatKey: request.chatKey,
        title: request.title,
        canManage: request.canManage,
        status: 'joining',
      });
      let call: GroupCall;
      try {
        call = await session.backend().openGroupCall(request.ref, {
          // As Telegram's apps: a person joins muted and unmutes when they mean to speak.
          muted: true,
          ...(devices !== null ? { microphone: openCallMicrophone } : {}),
          ...(request.inviteHash !== undefined ? { inviteHash: request.inviteHash } : {}),
          ...(request.joinAs !== undefined ? { joinAs: request.joinAs } : {}),
          ...(request.camera !== undefined ? { initialCamera: request.camera } : {}),
        });
      } catch (error) {
        request.camera?.stop();
        setState({ status: 'failed', error: messageForCallError(error), errorReason: null });
        return;
      }
      // Left, or another join began, while the engine was loading: this one was never joined.
      if (attempt !== joinAttempt || state.status !== 'joining') return;
      engine = call;
      setEngineNow(call);
      watch(call);
      applyParticipants(call.participants, []);
      if (call.info !== null) setState('joinMuted', call.info.join_muted === true);
      setState({ muted: call.muteState.muted, canSelfUnmute: call.muteState.canSelfUnmute });
      try {
        await call.join();
      } catch {
        // The StateChanged event carried the error into the state already.
        return;
      }
      const speaker = devices?.state.chosen.speaker ?? '';
      if (speaker !== '' && call === engine)
        call.setSpeaker(speaker).catch((error: unknown) => console.debug('[tgcall] speaker not chosen', error));
    },

    /** A listener whose browser refused the microphone asks again; allowed, the real microphone goes live. */
    async enableMicrophone(): Promise<void> {
      const call = engine;
      if (call === null || devices === null) return;
      setState('actionError', null);
      let track: MediaStreamTrack;
      try {
        track = await devices.openMicrophone();
      } catch (error) {
        setState('actionError', messageForCallError(microphoneError(error)));
        return;
      }
      if (call !== engine) return void track.stop();
      await call.replaceMicrophone(track);
      useMicTrack(track, true);
      setState('micBlocked', false);
      await act((c) => c.setMuted(false));
    },

    /** Another microphone, mid-call: same connection (replaceTrack), never a rejoin. */
    async chooseMicrophone(deviceId: string): Promise<void> {
      devices?.choose('microphone', deviceId);
      if (engine === null || state.micBlocked) return;
      setState('actionError', null);
      try {
        await switchMicrophoneTrack();
        setState('micProblem', null);
      } catch (error) {
        setState('actionError', messageForCallError(microphoneError(error)));
      }
    },

    /** Another speaker (setSinkId); where the browser cannot choose, says so. */
    async chooseSpeaker(deviceId: string): Promise<void> {
      devices?.choose('speaker', deviceId);
      if (engine === null) return;
      setState('actionError', null);
      try {
        await engine.setSpeaker(deviceId);
      } catch (error) {
        setState(
          'actionError',
          `The speaker could not be changed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },

    /** The live region's sentence was read out. */
    clearAnnouncement(): void {
      setState('announcement', null);
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
      if (call !== null)
        await call.leave().catch((error: unknown) => console.debug('[tgcall] leave not heard by the server', error));
    },

    /** Ends the call for everyone (admins). */
    async end(): Promise<void> {
      endingOurselves = true;
      await act((call) => call.end());
      if (engine?.state !== 'ended') endingOurselves = false;
    },

    /** Back to "no call" after the call screen showed how it ended. */
    dismiss(): void {
      if (
        engine !== null &&
        (engine.state === 'connected' || engine.state === 'joining' || engine.state === 'reconnecting')
      )
        return;
      release();
      clearPeople();
      setState(idle());
    },

    /** This client's playback volume for one person, percent (0..200); others hear them as before. */
    setLocalVolume(peerId: string, percent: number): void {
      const volume = Math.min(MAX_LOCAL_VOLUME, Math.max(0, Math.round(percent)));
      engine?.setLocalVolume(peerId, volume * 100);
      volumes.set(peerId, volume);
      rebuild();
    },

    /** "Mute for me": this client stops playing the person (others hear them as before); again, back to the volume before. */
    toggleMutedForMe(peerId: string): void {
      const current = volumes.get(peerId) ?? 100;
      if (current > 0) {
        mutedForMeVolumes.set(peerId, current);
        this.setLocalVolume(peerId, 0);
      } else {
        this.setLocalVolume(peerId, mutedForMeVolumes.get(peerId) ?? 100);
        mutedForMeVolumes.delete(peerId);
      }
    },

    /** Admins: mute someone for everyone (they can only raise the hand then), or allow them to speak again. */
    async setMutedForEveryone(peerId: string, muted: boolean): Promise<void> {
      const target = ref;
      if (target === null) return;
      setState('actionError', null);
      try {
        await session.backend().setParticipantMuted(target, peerId, muted);
      } catch (error) {
        if (target === ref) setState('actionError', messageForCallError(error));
      }
    },

    /** The call this person is in (for inviting to it), or null. */
    get ref(): CallRef | null {
      return ref;
    },

    /** Whether the person is in the call now (invite lists leave them out). */
    isInCall(peerId: string): boolean {
      return participants.has(peerId);
    },

    /** Invited to this call (by this person, or the server said so) and not in it. */
    isInvited(peerId: string): boolean {
      return invited.has(peerId) && !participants.has(peerId);
    },

    /** Someone this person invited during this call: their row shows "invited" until they join. */
    markInvited(peerId: string, name: string): void {
      invited.set(peerId, name);
      rebuild();
    },
  };
}

export type CallStore = ReturnType<typeof createCallStore>;
