// A group's or channel's page: its call (join, start, schedule, stream) or, while the person is in that call, the
// call screen itself.
import { A, useParams } from '@solidjs/router';
import { createEffect, createSignal, Match, on, Show, Switch, type JSX } from 'solid-js';
import { ErrorText } from '../components/ErrorText';
import { Screen } from '../components/Screen';
import { CallPanel } from '../components/call/CallPanel';
import { CameraButton, PauseButton, ScreenShareButton, VideoNotes } from '../components/call/CameraButton';
import { CameraPreview } from '../components/call/CameraPreview';
import { createCameraPreviewStore } from '../stores/cameraPreviewStore';
import { VideoGrid } from '../components/call/VideoGrid';
import { createCallVideoStore } from '../stores/callVideoStore';
import { ChatCallCard } from '../components/call/ChatCallCard';
import { InviteDialog } from '../components/call/InviteDialog';
import { InviteLinkButtons } from '../components/call/InviteLinkButtons';
import { JoinAsPicker } from '../components/call/JoinAsPicker';
import { RtmpDialog } from '../components/call/RtmpDialog';
import { StartCallDialog } from '../components/call/StartCallDialog';
import type { NewCallOptions } from '../stores/backend';
import { createChatCallStore } from '../stores/chatCallStore';
import { useCall, useChats, useDevices, useSession } from '../stores/context';
import { createInviteStore, type InviteStore } from '../stores/inviteStore';
import { createInviteLinkStore } from '../stores/inviteLinkStore';
import { joinAsOfChoice, joinAsOffer, type JoinAsOffer } from '../stores/joinAsChoice';
import { messageForCallError } from '../stores/callMessages';

/** What a person who is not an admin is told when they try to start a call. */
export const NOT_ADMIN_MESSAGE = 'Only an admin of this group can start a video chat. Ask an admin to start one.';

export function ChatScreen(): JSX.Element {
  const params = useParams<{ key: string }>();
  const key = () => decodeURIComponent(params.key);
  const session = useSession();
  const chats = useChats();
  const activeCall = useCall();
  const video = createCallVideoStore(activeCall);
  /** The camera turned on before joining: its track goes into the join. Another chat opened here: it goes off. */
  const preview = createCameraPreviewStore();
  createEffect(on(key, () => void preview.setOn(false), { defer: true }));
  const devices = useDevices();
  const [rtmpOpener, setRtmpOpener] = createSignal<HTMLElement | null | undefined>(undefined);
  let inviteOpener: HTMLElement | null = null;
  /** After the call screen goes (left, ended, dismissed): focus the chat's call card, not the page's body. */
  function focusCallCard(): void {
    queueMicrotask(() => requestAnimationFrame(() => document.getElementById('chat-call-heading')?.focus()));
  }
  const chatCall = createChatCallStore(session, key);
  const inviteLinks = createInviteLinkStore(() => session.backend());
  const [dialogOpen, setDialogOpen] = createSignal(false);
  // "Join as" (when the person owns channels): what is offered, and the state of the choice.
  const [joinAs, setJoinAs] = createSignal<JoinAsOffer | null>(null);
  const [joinAsBusy, setJoinAsBusy] = createSignal(false);
  const [joinAsError, setJoinAsError] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [inviting, setInviting] = createSignal<InviteStore | null>(null);

  const title = () => chats.state.chats.find((c) => c.key === key())?.title ?? 'Chat';
  const inThisCall = () => activeCall.state.chatKey === key();
  const inCallNow = () => ['joining', 'connected', 'reconnecting'].includes(activeCall.state.status);
  const canManage = () => chatCall.state.loaded?.canManageCalls === true;

  /** The preview's camera, handed to the join (the call owns it from then on). */
  function withPreviewCamera(): { camera?: MediaStreamTrack } {
    const camera = preview.take();
    return camera !== null ? { camera } : {};
  }

  function join(as?: string): void {
    const call = chatCall.state.loaded?.call;
    if (!call) return;
    void activeCall.join({
      chatKey: key(),
      ref: call.ref,
      title: call.title || title(),
      canManage: canManage(),
      ...(as !== undefined ? { joinAs: as } : {}),
      ...withPreviewCamera(),
    });
  }

  /** Join: first "join as" when the person may join as a channel they own too. */
  async function joinWithChoice(): Promise<void> {
    let offer: JoinAsOffer | null = null;
    setJoinAsBusy(true);
    try {
      offer = await joinAsOffer(session.backend(), key());
    } catch (error) {
      // The choice is an extra: without it the person joins as themselves, as they would without channels.
      console.debug('[tgcall] join-as choices not loaded; joining as oneself', error);
    } finally {
      setJoinAsBusy(false);
    }
    setJoinAsError(null);
    if (offer === null) join();
    else setJoinAs(offer);
  }

  async function chooseJoinAs(peerId: string, remember: boolean): Promise<void> {
    const offer = joinAs();
    if (offer === null) return;
    setJoinAsBusy(true);
    setJoinAsError(null);
    try {
      const as = await joinAsOfChoice(session.backend(), key(), offer.options, peerId, remember);
      setJoinAs(null);
      join(as);
    } catch (error) {
      setJoinAsError(messageForCallError(error));
    } finally {
      setJoinAsBusy(false);
    }
  }

  let startOpener: HTMLElement | null = null;
  function start(): void {
    startOpener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setNotice(null);
    if (!canManage()) return void setNotice(NOT_ADMIN_MESSAGE);
    chatCall.clearError();
    setDialogOpen(true);
  }

  async function create(options: NewCallOptions): Promise<void> {
    if (!(await chatCall.create(options))) return;
    setDialogOpen(false);
    if (options.rtmp === true) return void setRtmpOpener(null); // where to send the stream, in its own dialog
    if (options.scheduleDate === undefined) join();
  }

  function backToChat(): void {
    activeCall.dismiss();
    void chatCall.load().then(focusCallCard);
  }

  async function startNow(): Promise<void> {
    // As Telegram's apps: the admin who starts a scheduled call is in it.
    if (await chatCall.startNow()) join();
  }

  return (
    <Screen
      title={title()}
      width={inThisCall() ? 'call' : 'wide'}
      actions={
        <A href="/" class="button button-secondary">
          Chats
        </A>
      }
    >
      <Switch>
        <Match when={inThisCall()}>
          <CallPanel
            state={activeCall.state}
            devices={devices}
            onMute={(muted) => void activeCall.setMuted(muted)}
            onRaiseHand={(raised) => void activeCall.raiseHand(raised)}
            onEnableMic={() => void activeCall.enableMicrophone()}
            onLeave={() =>
              void activeCall
                .leave()
                .then(() => chatCall.load())
                .then(focusCallCard)
            }
            onEnd={() => void activeCall.end()}
            onJoinMuted={(on) => void activeCall.setJoinMuted(on)}
            onRetry={() => void activeCall.retry()}
            onDismiss={backToChat}
            onVolume={(peerId, percent) => activeCall.setLocalVolume(peerId, percent)}
            onToggleMutedForMe={(peerId) => activeCall.toggleMutedForMe(peerId)}
            onMuteForEveryone={(peerId, muted) => void activeCall.setMutedForEveryone(peerId, muted)}
            onInvite={() => {
              inviteOpener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
              setInviting(createInviteStore(session, activeCall, key()));
            }}
            onMicrophone={(id) => void activeCall.chooseMicrophone(id)}
            onSpeaker={(id) => void activeCall.chooseSpeaker(id)}
            onLoadMore={() => activeCall.loadMoreParticipants()}
            hasVideo={video.state.local !== null || video.state.screen !== null || video.state.remote.length > 0}
            video={
              <VideoGrid
                people={activeCall.state.people}
                local={video.state.local}
                localPaused={video.state.localPaused}
                screen={video.state.screen}
                screenPaused={video.state.screenPaused}
                remote={video.state.remote}
                onStage={(endpoint) => video.setStage(endpoint)}
              />
            }
            extraControls={
              <>
                <CameraButton
                  on={video.state.local !== null}
                  busy={video.state.busy}
                  block={video.state.block}
                  onToggle={(on) => void video.setCameraEnabled(on)}
                />
                <Show when={video.state.local !== null}>
                  <PauseButton
                    what="video"
                    paused={video.state.localPaused}
                    busy={video.state.busy}
                    onToggle={(paused) => void video.setVideoPaused(paused)}
                  />
                </Show>
                <ScreenShareButton
                  sharing={video.state.screen !== null}
                  busy={video.state.screenBusy}
                  disabled={activeCall.state.status !== 'connected' || video.state.block === 'limit-reached'}
                  limitReached={video.state.block === 'limit-reached'}
                  onToggle={(on) => void video.setScreenSharing(on)}
                />
                <Show when={video.state.screen !== null}>
                  <PauseButton
                    what="screen"
                    paused={video.state.screenPaused}
                    busy={video.state.screenBusy}
                    onToggle={(paused) => void video.setScreenPaused(paused)}
                  />
                </Show>
              </>
            }
            controlNotes={
              <VideoNotes
                on={video.state.local !== null}
                block={video.state.block}
                limit={video.state.limit}
                error={video.state.error}
                errorReason={video.state.errorReason}
              />
            }
          />
          <Show when={inCallNow() && chatCall.state.loaded?.call?.ref}>
            {(ref) => (
              <InviteLinkButtons
                store={inviteLinks}
                callRef={ref()}
                chatKey={key()}
                chatKind={chats.state.chats.find((c) => c.key === key())?.kind ?? 'group'}
                callTitle={activeCall.state.title || title()}
                canManage={activeCall.state.canManage}
                linkPolicy={chatCall.state.loaded?.linkPolicy ?? 'none'}
              />
            )}
          </Show>
        </Match>
        <Match when={chatCall.state.loadError}>
          <ErrorText message={chatCall.state.loadError} />
          <button type="button" class="button button-secondary" onClick={() => void chatCall.load()}>
            Try again
          </button>
        </Match>
        <Match when={chatCall.state.loaded}>
          {(loaded) => (
            <>
              <Show
                when={loaded().call !== null && joinAs()}
                fallback={
                  <ChatCallCard
                    call={loaded().call}
                    canManage={loaded().canManageCalls}
                    isOwner={loaded().isOwner}
                    serverNow={() => session.backend().serverNow()}
                    busy={chatCall.state.busy || joinAsBusy()}
                    onJoin={() => void joinWithChoice()}
                    onStart={start}
                    onStartNow={() => void startNow()}
                    onStreamKey={(opener) => {
                      setRtmpOpener(opener);
                      void chatCall.showRtmp();
                    }}
                    onNotify={(on) => void chatCall.setNotify(on)}
                    preview={<CameraPreview store={preview} />}
                  />
                }
              >
                {(offer) => (
                  <JoinAsPicker
                    options={offer().options}
                    selected={offer().selected}
                    busy={joinAsBusy()}
                    error={joinAsError()}
                    onJoin={(peerId, remember) => void chooseJoinAs(peerId, remember)}
                    onCancel={() => setJoinAs(null)}
                  />
                )}
              </Show>
              <Show when={loaded().call === null && notice()}>
                <p class="hint" role="status" style={{ 'margin-top': '0.8rem' }}>
                  {notice()}
                </p>
              </Show>
              <Show when={!dialogOpen() && rtmpOpener() === undefined && chatCall.state.actionError}>
                <div style={{ 'margin-top': '0.8rem' }}>
                  <ErrorText message={chatCall.state.actionError} />
                </div>
              </Show>
            </>
          )}
        </Match>
        <Match when={chatCall.state.loading}>
          <p class="hint" role="status">
            Loading the chat…
          </p>
        </Match>
      </Switch>
      <Show when={inThisCall() && inviting()}>
        {(store) => (
          <InviteDialog
            store={store()}
            onClose={() => {
              setInviting(null);
              const opener = inviteOpener;
              queueMicrotask(() => opener?.isConnected && opener.focus());
            }}
          />
        )}
      </Show>
      <Show when={rtmpOpener() !== undefined}>
        <RtmpDialog
          rtmp={chatCall.state.rtmp}
          busy={chatCall.state.busy}
          error={chatCall.state.actionError}
          opener={rtmpOpener() ?? null}
          onRevoke={() => void chatCall.showRtmp(true)}
          onClose={() => {
            setRtmpOpener(undefined);
            chatCall.hideRtmp();
          }}
        />
      </Show>
      <Show when={dialogOpen()}>
        <StartCallDialog
          busy={chatCall.state.busy}
          error={chatCall.state.actionError}
          rtmp={null}
          canStream={chatCall.state.loaded?.isOwner === true}
          onSubmit={(options) => void create(options)}
          onClose={() => {
            setDialogOpen(false);
            const opener = startOpener;
            queueMicrotask(() => opener?.isConnected && opener.focus());
          }}
        />
      </Show>
    </Screen>
  );
}
