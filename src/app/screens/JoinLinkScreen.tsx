// The deep-link route (/join?domain=…&videochat=…, /join?invite=… for a chat invite link, /join?link=… from the
// web+tg handler): reads the link, and once the person is signed in (a signed-out person signs in first and comes back
// here), resolves it — for a chat invite, shows the chat and asks before joining it — and joins the call, or says
// plainly why it cannot, with a way back.
import { A, Navigate, useLocation, useNavigate } from '@solidjs/router';
import { createEffect, Match, on, Show, Switch, untrack, type JSX } from 'solid-js';
import { ErrorText } from '../components/ErrorText';
import { Screen } from '../components/Screen';
import { JoinAsPicker } from '../components/call/JoinAsPicker';
import { useCall, useSession } from '../stores/context';
import { createLinkStore, linkSubject, type LinkPhase } from '../stores/linkStore';
import { clearPendingLink, keepPendingLink } from '../stores/pendingLink';
import { startTimeText } from '../components/call/scheduleInputs';
import { StartingScreen } from './StartingScreen';
import styles from './JoinLinkScreen.module.css';

const chatHref = (chatKey: string) => `/chat/${encodeURIComponent(chatKey)}`;

const titles: Record<LinkPhase['kind'], string> = {
  resolving: 'Opening the link',
  invalid: 'This link does not work',
  'unknown-username': 'No such group or channel',
  'not-a-chat': 'Not a group or channel',
  'dead-invite': 'This invite link does not work',
  'confirm-invite': 'Join by invite link',
  'request-sent': 'Request sent',
  'no-call': 'No video chat right now',
  scheduled: 'The video chat has not started',
  'confirm-join': 'Join the video chat?',
  'choose-join-as': 'Join the video chat',
  joined: 'Joining the video chat',
  failed: 'Could not open the link',
};

function BackToChats(): JSX.Element {
  return (
    <A href="/" class="button button-secondary">
      Back to chats
    </A>
  );
}

/** Keeps the link for after sign-in (the sign-in screen's guard sends the person back to it), then goes to sign in. */
function SignInFirst(props: { route: string }): JSX.Element {
  keepPendingLink(untrack(() => props.route));
  return <Navigate href="/sign-in" />;
}

export function JoinLinkScreen(): JSX.Element {
  const location = useLocation();
  const navigate = useNavigate();
  const session = useSession();
  const call = useCall();
  const route = `${location.pathname}${location.search}`;
  const link = createLinkStore(
    {
      backend: () => session.backend(),
      join: (request) => void call.join(request),
      currentCallChat: () =>
        call.state.status === 'failed' || call.state.status === 'left' || call.state.status === 'ended'
          ? null
          : call.state.chatKey,
    },
    route,
  );

  // Signed in (now or after the sign-in screen brought the person back): resolve once.
  createEffect(
    on(
      () => session.state.phase,
      (phase) => {
        if (phase !== 'signedIn' || link.state.link === null) return;
        clearPendingLink();
        if (link.state.phase.kind === 'resolving' && !link.state.busy) void link.open();
      },
    ),
  );
  createEffect(() => {
    const phase = link.state.phase;
    if (phase.kind === 'joined') navigate(chatHref(phase.chatKey), { replace: true });
  });

  const phase = () => link.state.phase;

  return (
    <Switch>
      <Match when={phase().kind === 'invalid'}>
        <Screen title={titles.invalid} width="narrow">
          <ErrorText message={(phase() as { message: string }).message} />
          <p class="hint">Ask for the link again, or paste it in “Open a link” on the chat list.</p>
          <BackToChats />
        </Screen>
      </Match>
      <Match when={session.state.phase === 'starting'}>
        <StartingScreen />
      </Match>
      <Match when={session.state.phase === 'signedOut'}>
        <SignInFirst route={route} />
      </Match>
      <Match when={phase()}>
        {(current) => (
          <Screen title={titles[current().kind]} width="narrow">
            <Switch>
              <Match when={current().kind === 'resolving' || current().kind === 'joined'}>
                <p class="hint" role="status">
                  {current().kind === 'joined'
                    ? 'Joining…'
                    : `Looking up ${link.state.link === null ? 'the link' : linkSubject(link.state.link)}…`}
                </p>
                <BackToChats />
              </Match>
              <Match
                when={current().kind === 'confirm-join' && (current() as Extract<LinkPhase, { kind: 'confirm-join' }>)}
              >
                {(confirm) => (
                  <>
                    <p class={styles.inviteTitle}>{confirm().callTitle || 'Video chat'}</p>
                    <p class="hint">
                      In {confirm().chatTitle} ·{' '}
                      {confirm().participantsCount === 0
                        ? 'nobody is in it yet'
                        : confirm().participantsCount === 1
                          ? '1 person is in it'
                          : `${confirm().participantsCount} people are in it`}
                    </p>
                    <p>You join with your microphone off; unmute when you want to speak.</p>
                    <div class={styles.actions}>
                      <button type="button" class="button button-primary" autofocus onClick={() => link.confirmJoin()}>
                        Join video chat
                      </button>
                      <A href="/" class="button button-secondary">
                        Not now
                      </A>
                    </div>
                  </>
                )}
              </Match>
              <Match
                when={
                  current().kind === 'choose-join-as' && (current() as Extract<LinkPhase, { kind: 'choose-join-as' }>)
                }
              >
                {(choose) => (
                  <>
                    <p>
                      {choose().callTitle
                        ? `“${choose().callTitle}” in ${choose().chatTitle}`
                        : `The video chat in ${choose().chatTitle}`}
                    </p>
                    <JoinAsPicker
                      options={choose().options}
                      selected={choose().selected}
                      busy={link.state.busy}
                      error={link.state.choiceError}
                      onJoin={(peerId, remember) => void link.chooseJoinAs(peerId, remember)}
                      onCancel={() => navigate('/')}
                    />
                  </>
                )}
              </Match>
              <Match
                when={
                  current().kind === 'confirm-invite' && (current() as Extract<LinkPhase, { kind: 'confirm-invite' }>)
                }
              >
                {(confirm) => {
                  const noun = () => (confirm().invite.broadcast ? 'channel' : 'group');
                  const count = () => confirm().invite.participantsCount;
                  return (
                    <>
                      <p class={styles.inviteTitle}>{confirm().invite.title}</p>
                      <p class="hint">
                        {count()}{' '}
                        {confirm().invite.broadcast
                          ? count() === 1
                            ? 'subscriber'
                            : 'subscribers'
                          : count() === 1
                            ? 'member'
                            : 'members'}
                      </p>
                      <Show when={confirm().invite.about}>
                        <p>{confirm().invite.about}</p>
                      </Show>
                      <p>
                        {confirm().invite.requestNeeded
                          ? `An admin of this ${noun()} approves who joins. Ask to join, and open the link again once you are in.`
                          : `You are not in this ${noun()} yet. Join it to get into its video chat.`}
                      </p>
                      <div class={styles.actions}>
                        <button
                          type="button"
                          class="button button-primary"
                          disabled={link.state.busy}
                          onClick={() => void link.acceptInvite()}
                        >
                          {confirm().invite.requestNeeded ? 'Request to join' : `Join ${noun()}`}
                        </button>
                        <BackToChats />
                      </div>
                    </>
                  );
                }}
              </Match>
              <Match
                when={current().kind === 'request-sent' && (current() as Extract<LinkPhase, { kind: 'request-sent' }>)}
              >
                {(sent) => (
                  <>
                    <p role="status">{sent().message}</p>
                    <BackToChats />
                  </>
                )}
              </Match>
              <Match when={current().kind === 'scheduled' && (current() as Extract<LinkPhase, { kind: 'scheduled' }>)}>
                {(scheduled) => (
                  <>
                    <p role="status">
                      {scheduled().call.title || 'The video chat'} in {scheduled().chatTitle} starts{' '}
                      {startTimeText(scheduled().call.scheduleDate ?? 0)}.
                    </p>
                    <div class={styles.actions}>
                      <A href={chatHref(scheduled().chatKey)} class="button button-primary">
                        Open {scheduled().chatTitle}
                      </A>
                      <BackToChats />
                    </div>
                  </>
                )}
              </Match>
              <Match when={current().kind === 'no-call' && (current() as Extract<LinkPhase, { kind: 'no-call' }>)}>
                {(none) => (
                  <>
                    <ErrorText message={none().message} />
                    <div class={styles.actions}>
                      <A href={chatHref(none().chatKey)} class="button button-primary">
                        Open {none().chatTitle}
                      </A>
                      <BackToChats />
                    </div>
                  </>
                )}
              </Match>
              <Match when={current().kind === 'failed'}>
                <ErrorText message={(current() as { message: string }).message} />
                <div class={styles.actions}>
                  <button
                    type="button"
                    class="button button-primary"
                    disabled={link.state.busy}
                    onClick={() => void link.open()}
                  >
                    Try again
                  </button>
                  <BackToChats />
                </div>
              </Match>
              <Match when={'message' in current() && (current() as { message: string }).message}>
                {(message) => (
                  <>
                    <ErrorText message={message()} />
                    <BackToChats />
                  </>
                )}
              </Match>
            </Switch>
          </Screen>
        )}
      </Match>
    </Switch>
  );
}
