// The call's video as the call screen shows it: the own camera (on / off, its track for the mirrored self-view, whether
// it can be turned on and why not) and the remote participants' video tracks, kept from the engine's typed events.
import { onCleanup } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { CallError, GroupCallEvent, type GroupCall, type RemoteVideo } from '../../groupcall';
import { messageForCallError } from './callMessages';

/** Why the camera cannot be turned on now; null when it can. */
export type CameraBlock = 'not-connected' | 'no-video' | 'limit-reached' | null;

export interface CallVideoState {
  /** The own camera track while it is on. */
  local: MediaStreamTrack | null;
  /** The own camera is on but paused (video_paused). */
  localPaused: boolean;
  /** The own shared screen while sharing. */
  screen: MediaStreamTrack | null;
  /** The own screen share is paused (presentation_paused). */
  screenPaused: boolean;
  /** Starting or stopping the screen share is on its way. */
  screenBusy: boolean;
  remote: RemoteVideo[];
  /** A camera switch is on its way (getUserMedia, phone.editGroupCallParticipant). */
  busy: boolean;
  block: CameraBlock;
  /** The call's limit of cameras (groupCall.unmuted_video_limit), for the "limit reached" sentence. */
  limit: number | null;
  error: string | null;
  /** What the last refusal was about, for the help that goes with it (how to allow a denied camera or screen). */
  errorReason: VideoErrorReason | null;
}

/** Refusals that come with a way out: a permission to give, or a limit to wait for. */
export type VideoErrorReason = 'camera-denied' | 'screen-denied' | 'video-limit' | 'other';

const VIDEO_TOO_MUCH = 'GROUPCALL_VIDEO_TOO_MUCH';

function reasonOf(error: unknown): VideoErrorReason {
  if (!(error instanceof CallError)) return 'other';
  if (error.rpcType === VIDEO_TOO_MUCH) return 'video-limit';
  if (error.reason === 'camera-denied' || error.reason === 'screen-denied') return error.reason;
  return 'other';
}

const initial = (): CallVideoState => ({
  local: null,
  localPaused: false,
  screen: null,
  screenPaused: false,
  screenBusy: false,
  remote: [],
  busy: false,
  block: 'not-connected',
  limit: null,
  error: null,
  errorReason: null,
});

/** Where the current GroupCall comes from: the call store (told at once and at every change). */
export interface EngineSource {
  watchEngine(listener: (call: GroupCall | null) => void): () => void;
}

export function createCallVideoStore(source: EngineSource) {
  const [state, setState] = createStore<CallVideoState>(initial());
  let current: GroupCall | null = null;
  let unsubscribe: (() => void)[] = [];
  const engine = (): GroupCall | null => current;

  /** What the camera button may do, from the engine's connection and the call's limits (Telegram's unmuted_video_*). */
  function refreshBlock(call: GroupCall): void {
    const info = call.info;
    const limit = info?.unmuted_video_limit ?? null;
    const count = info?.unmuted_video_count ?? 0;
    let block: CameraBlock = null;
    if (call.state !== 'connected') block = 'not-connected';
    else if (!call.canSendVideo) block = 'no-video';
    // Someone already sending video (a camera or a screen) keeps their place: the limit counts people, not streams.
    else if (call.localVideo === null && call.localScreen === null && limit !== null && count >= limit)
      block = 'limit-reached';
    setState({ block, limit });
  }

  function follow(call: GroupCall | null): void {
    for (const off of unsubscribe) off();
    unsubscribe = [];
    current = call;
    setState(initial());
    if (call === null) return;
    setState({
      local: call.localVideo,
      localPaused: call.localVideoPaused,
      screen: call.localScreen,
      screenPaused: call.localScreenPaused,
      remote: call.remoteVideos,
    });
    refreshBlock(call);
    unsubscribe = [
      call.on(GroupCallEvent.LocalVideoChanged, ({ track, paused }) => {
        setState({ local: track, localPaused: paused });
        refreshBlock(call);
      }),
      call.on(GroupCallEvent.ScreenSharingChanged, ({ track, paused }) => {
        setState({ screen: track, screenPaused: paused });
        refreshBlock(call);
      }),
      // The join with the camera on was refused past the call's limit: the call went on without it, and says why.
      call.on(GroupCallEvent.Error, (error) => {
        if (error.rpcType === VIDEO_TOO_MUCH)
          setState({ error: messageForCallError(error), errorReason: 'video-limit' });
      }),
      call.on(GroupCallEvent.RemoteVideosChanged, ({ videos }) =>
        setState('remote', reconcile(videos, { key: 'ssrc', merge: false })),
      ),
      call.on(GroupCallEvent.StateChanged, () => refreshBlock(call)),
      call.on(GroupCallEvent.CallUpdated, () => refreshBlock(call)),
    ];
  }

  const stopWatching = source.watchEngine(follow);
  onCleanup(() => {
    stopWatching();
    follow(null);
  });

  return {
    state,
    /** Turns the own camera on or off; a refusal lands in state.error as a sentence. */
    async setCameraEnabled(on: boolean): Promise<void> {
      const call = engine();
      if (call === null || state.busy) return;
      setState({ busy: true, error: null, errorReason: null });
      try {
        await call.setCameraEnabled(on);
      } catch (error) {
        if (call === engine()) setState({ error: messageForCallError(error), errorReason: reasonOf(error) });
      } finally {
        if (call === engine()) setState('busy', false);
      }
    },

    /** Pauses the own camera (others see it paused) or resumes it. */
    async setVideoPaused(paused: boolean): Promise<void> {
      const call = engine();
      if (call === null || state.busy) return;
      setState({ busy: true, error: null, errorReason: null });
      try {
        await call.setVideoPaused(paused);
      } catch (error) {
        if (call === engine()) setState({ error: messageForCallError(error), errorReason: reasonOf(error) });
      } finally {
        if (call === engine()) setState('busy', false);
      }
    },

    /** Pauses the own screen share (others see it paused) or resumes it. */
    async setScreenPaused(paused: boolean): Promise<void> {
      const call = engine();
      if (call === null || state.screenBusy) return;
      setState({ screenBusy: true, error: null, errorReason: null });
      try {
        await call.setScreenPaused(paused);
      } catch (error) {
        if (call === engine()) setState({ error: messageForCallError(error), errorReason: reasonOf(error) });
      } finally {
        if (call === engine()) setState('screenBusy', false);
      }
    },

    /** The remote video on the stage (its endpoint) or none: asked for at full height. */
    setStage(endpoint: string | null): void {
      engine()?.setStageVideo(endpoint);
    },

    /** Shares the screen or stops sharing it; a refusal (cancelled picker, denied) lands in state.error. */
    async setScreenSharing(on: boolean): Promise<void> {
      const call = engine();
      if (call === null || state.screenBusy) return;
      setState({ screenBusy: true, error: null, errorReason: null });
      try {
        if (on) await call.startScreenSharing();
        else await call.stopScreenSharing();
      } catch (error) {
        if (call === engine()) setState({ error: messageForCallError(error), errorReason: reasonOf(error) });
      } finally {
        if (call === engine()) setState('screenBusy', false);
      }
    },
  };
}

export type CallVideoStore = ReturnType<typeof createCallVideoStore>;
