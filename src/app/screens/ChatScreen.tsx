// A group's or channel's page: its call (join, start, schedule, stream) or, while the person is in that call, the
// call screen itself.
import { A, useParams } from '@solidjs/router';
import { createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { ErrorText } from '../components/ErrorText';
import { Screen } from '../components/Screen';
import { CallPanel } from '../components/call/CallPanel';
import { ChatCallCard } from '../components/call/ChatCallCard';
import { InviteDialog } from '../components/call/InviteDialog';
import { InviteLinkButtons } from '../components/call/InviteLinkButtons';
import { StartCallDialog } from '../components/call/StartCallDialog';
import type { NewCallOptions } from '../stores/backend';
import { createChatCallStore } from '../stores/chatCallStore';
import { useCall, useChats, useSession } from '../stores/context';
import { createInviteStore, type InviteStore } from '../stores/inviteStore';
import { createInviteLinkStore } from '../stores/inviteLinkStore';

/** What a person who is not an admin is told when they try to start a call. */
export const NOT_ADMIN_MESSAGE = 'Only an admin of this group can start a video chat. Ask an admin to start one.';

export function ChatScreen(): JSX.Element {
  const params = useParams<{ key: string }>();
  const key = () => decodeURIComponent(params.key);
  const session = useSession();
  const chats = useChats();
  const activeCall = useCall();
  const chatCall = createChatCallStore(session, key);
  const inviteLinks = createInviteLinkStore(() => session.backend());
  const [dialogOpen, setDialogOpen] = createSignal(false);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [inviting, setInviting] = createSignal<InviteStore | null>(null);

  const title = () => chats.state.chats.find((c) => c.key === key())?.title ?? 'Chat';
  const inThisCall = () => activeCall.state.chatKey === key();
  const inCallNow = () => ['joining', 'connected', 'reconnecting'].includes(activeCall.state.status);
  const canManage = () => chatCall.state.loaded?.canManageCalls === true;

  function join(): void {
    const call = chatCall.state.loaded?.call;
    if (!call) return;
    void activeCall.join({ chatKey: key(), ref: call.ref, title: call.title || title(), canManage: canManage() });
  }

  function start(): void {
    setNotice(null);
    if (!canManage()) return void setNotice(NOT_ADMIN_MESSAGE);
    chatCall.clearError();
    setDialogOpen(true);
  }

  async function create(options: NewCallOptions): Promise<void> {
    if (!(await chatCall.create(options))) return;
    if (options.rtmp === true) return; // the dialog now shows the URL and key
    setDialogOpen(false);
    if (options.scheduleDate === undefined) join();
  }

  function backToChat(): void {
    activeCall.dismiss();
    void chatCall.load();
  }

  return (
    <Screen
      title={title()}
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
            onMute={(muted) => void activeCall.setMuted(muted)}
            onRaiseHand={(raised) => void activeCall.raiseHand(raised)}
            onLeave={() => void activeCall.leave().then(() => chatCall.load())}
            onEnd={() => void activeCall.end()}
            onJoinMuted={(on) => void activeCall.setJoinMuted(on)}
            onRetry={() => void activeCall.retry()}
            onDismiss={backToChat}
            onVolume={(peerId, percent) => activeCall.setLocalVolume(peerId, percent)}
            onMuteForEveryone={(peerId, muted) => void activeCall.setMutedForEveryone(peerId, muted)}
            onInvite={() => setInviting(createInviteStore(session, activeCall, key()))}
          />
          <Show when={inCallNow() && chatCall.state.loaded?.call?.ref}>
            {(ref) => <InviteLinkButtons store={inviteLinks} callRef={ref()} callTitle={activeCall.state.title || title()} canManage={activeCall.state.canManage} />}
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
              <ChatCallCard
                call={loaded().call}
                canManage={loaded().canManageCalls}
                busy={chatCall.state.busy}
                onJoin={join}
                onStart={start}
                onStartNow={() => void chatCall.startNow()}
                onNotify={(on) => void chatCall.setNotify(on)}
              />
              <Show when={loaded().call === null && notice()}>
                <p class="hint" role="status" style={{ 'margin-top': '0.8rem' }}>
                  {notice()}
                </p>
              </Show>
              <Show when={!dialogOpen() && chatCall.state.actionError}>
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
        {(store) => <InviteDialog store={store()} onClose={() => setInviting(null)} />}
      </Show>
      <Show when={dialogOpen()}>
        <StartCallDialog
          busy={chatCall.state.busy}
          error={chatCall.state.actionError}
          rtmp={chatCall.state.rtmp}
          canStream={chatCall.state.loaded?.isOwner === true}
          onSubmit={(options) => void create(options)}
          onClose={() => setDialogOpen(false)}
        />
      </Show>
    </Screen>
  );
}
