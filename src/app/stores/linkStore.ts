// One opened call link, from the route to the call: parse → resolve (contacts.resolveUsername → chat → full chat →
// call) → "join as" (when the person may join as a channel too) → join with the link's invite hash. Each way it can
// stop (a malformed link, an unknown username, a chat with no call, a scheduled call) is a phase the screen shows.
// One opened link, from the route to the call. A call link (t.me/<username>?videochat=…): parse → resolve
// (contacts.resolveUsername → chat → full chat → call). A chat invite link (t.me/+…, what Telegram's apps share for a
// private group's call): parse → messages.checkChatInvite → the person confirms → messages.importChatInvite → the
// chat's call. Then "join as" (when the person may join as a channel too) → join, with a call link's invite hash. Each
// way it can stop (a malformed link, an unknown username, a dead invite, a chat with no call, a scheduled call) is a
// phase the screen shows.
import { createStore } from 'solid-js/store';
import { InvalidLinkError, parseOpenableLink, type OpenableLink } from '../../links';
import {
  deadInviteMessage,
  invalidLinkMessage,
  noCallMessage,
  notAChatMessage,
  requestSentMessage,
  unknownUsernameMessage,
} from '../linkMessages';
import type { Backend, CallSummary, ChatInvitePreview, JoinAsOption, ResolvedCallLink } from './backend';
import { messageForCallError } from './callMessages';
import type { JoinRequest } from './callStore';
import { joinAsOfChoice, joinAsOffer } from './joinAsChoice';

export type LinkPhase =
  | { kind: 'resolving' }
  /** The link could not be read; `message` says why. */
  | { kind: 'invalid'; message: string }
  | { kind: 'unknown-username'; message: string }
  | { kind: 'not-a-chat'; message: string }
  /** A chat invite link Telegram does not know, or no longer honours. */
  | { kind: 'dead-invite'; message: string }
  /** A chat invite link to a chat the person is not in: they see what it is and decide. */
  | { kind: 'confirm-invite'; invite: Extract<ChatInvitePreview, { kind: 'invite' }> }
  /** The invite needs an admin's approval; the request is sent. */
  | { kind: 'request-sent'; message: string }
  | { kind: 'no-call'; message: string; chatKey: string; chatTitle: string }
  | { kind: 'scheduled'; chatKey: string; chatTitle: string; call: CallSummary }
  /** One way to join: the person is asked first, as Telegram's apps ask before joining a link's video chat. */
  | { kind: 'confirm-join'; chatKey: string; chatTitle: string; callTitle: string; participantsCount: number }
  /** More than one way to join: the person picks (themselves or a channel they own). */
  | {
      kind: 'choose-join-as';
      chatKey: string;
      chatTitle: string;
      callTitle: string;
      options: JoinAsOption[];
      selected: string;
    }
  /** Handed to the call store; the screen goes to the chat's call screen. */
  | { kind: 'joined'; chatKey: string }
  /** Telegram could not be asked (offline, an error): try again. */
  | { kind: 'failed'; message: string };

export interface LinkStoreDeps {
  backend(): Pick<
    Backend,
    'resolveCallLink' | 'resolveChatCall' | 'checkChatInvite' | 'importChatInvite' | 'getJoinAs' | 'saveDefaultJoinAs'
  >;
  /** The call store's join (not awaited: the call screen shows how joining goes). */
  join(request: JoinRequest): void;
  /** The chat whose call the person is in now, if any. */
  currentCallChat(): string | null;
}

interface LinkState {
  phase: LinkPhase;
  link: OpenableLink | null;
  busy: boolean;
  /** "Remember my choice" could not be saved. */
  choiceError: string | null;
}

/** The link in `route` (location.pathname + location.search), or the sentence saying why it is not one. */
export function linkOfRoute(route: string): { link: OpenableLink } | { message: string } {
  try {
    return { link: parseOpenableLink(route) };
  } catch (error) {
    if (error instanceof InvalidLinkError) return { message: invalidLinkMessage(error.reason) };
    throw error;
  }
}

/** What the "looking it up" line names: @username, or the invite. */
export function linkSubject(link: OpenableLink): string {
  return link.kind === 'call' ? `@${link.call.username}` : 'the invite link';
}

export function createLinkStore(deps: LinkStoreDeps, route: string) {
  const parsed = linkOfRoute(route);
  const [state, setState] = createStore<LinkState>({
    phase: 'link' in parsed ? { kind: 'resolving' } : { kind: 'invalid', message: parsed.message },
    link: 'link' in parsed ? parsed.link : null,
    busy: false,
    choiceError: null,
  });
  /** A new phase replaces the old one whole (a path setter would merge the old phase's fields into it). */
  const setPhase = (phase: LinkPhase) => setState({ phase });
  let resolved: { chatKey: string; chatTitle: string; canManageCalls: boolean; call: CallSummary } | null = null;
  /** A call link's invite hash (phone.joinGroupCall.invite_hash); a chat invite link has none for the call. */
  const callInviteHash = () => (state.link?.kind === 'call' ? state.link.call.inviteHash : undefined);

  function join(joinAs: string | undefined): void {
    if (resolved === null || state.link === null) return;
    const inviteHash = callInviteHash();
    deps.join({
      chatKey: resolved.chatKey,
      ref: resolved.call.ref,
      title: resolved.call.title || resolved.chatTitle,
      canManage: resolved.canManageCalls,
      ...(inviteHash !== undefined ? { inviteHash } : {}),
      ...(joinAs !== undefined ? { joinAs } : {}),
    });
    setPhase({ kind: 'joined', chatKey: resolved.chatKey });
  }

  /** From a chat's call (or its absence) on: the page for no call or a scheduled one, else "join as", else join. */
  async function toCall(
    found: Exclude<ResolvedCallLink, { kind: 'unknown-username' | 'not-a-chat' }>,
    agreed = false,
  ): Promise<void> {
    if (found.kind === 'no-call')
      return void setPhase({
        kind: 'no-call',
        message: noCallMessage(found.chatTitle),
        chatKey: found.chatKey,
        chatTitle: found.chatTitle,
      });
    if (found.call.scheduleDate !== null)
      return void setPhase({ kind: 'scheduled', chatKey: found.chatKey, chatTitle: found.chatTitle, call: found.call });
    resolved = found;
    // Already in this call (the link opened twice): just show it — unless the link carries a hash, which may be a
    // speaker link that the person came back with: then join again with it.
    if (deps.currentCallChat() === found.chatKey && callInviteHash() === undefined)
      return void setPhase({ kind: 'joined', chatKey: found.chatKey });
    const offer = await joinAsOffer(deps.backend(), found.chatKey);
    if (offer === null) {
      // Agreed already ("Join group" on a chat invite said it was for its video chat): no second question.
      if (agreed) return join(undefined);
      return void setPhase({
        kind: 'confirm-join',
        chatKey: found.chatKey,
        chatTitle: found.chatTitle,
        callTitle: found.call.title,
        participantsCount: found.call.participantsCount,
      });
    }
    setPhase({
      kind: 'choose-join-as',
      chatKey: found.chatKey,
      chatTitle: found.chatTitle,
      callTitle: found.call.title,
      ...offer,
    });
  }

  /** Runs one step of the flow with the busy flag on; a failure to ask Telegram is the "try again" page. */
  async function step(work: () => Promise<void>): Promise<void> {
    setState('busy', true);
    try {
      await work();
    } catch (error) {
      setPhase({ kind: 'failed', message: messageForCallError(error) });
    } finally {
      setState('busy', false);
    }
  }

  async function openCallLink(username: string): Promise<void> {
    const found = await deps.backend().resolveCallLink(username);
    if (found.kind === 'unknown-username')
      return void setPhase({ kind: 'unknown-username', message: unknownUsernameMessage(username) });
    if (found.kind === 'not-a-chat') return void setPhase({ kind: 'not-a-chat', message: notAChatMessage(username) });
    await toCall(found);
  }

  async function openChatInvite(hash: string): Promise<void> {
    const preview = await deps.backend().checkChatInvite(hash);
    if (preview.kind === 'invalid' || preview.kind === 'expired')
      return void setPhase({ kind: 'dead-invite', message: deadInviteMessage(preview.kind) });
    if (preview.kind === 'invite') return void setPhase({ kind: 'confirm-invite', invite: preview });
    await toCall(await deps.backend().resolveChatCall(preview.chatKey));
  }

  return {
    state,

    /** Resolves the link and joins, or stops at a question or at a page saying why not. Needs a signed-in session. */
    async open(): Promise<void> {
      const link = state.link;
      if (link === null) return;
      setPhase({ kind: 'resolving' });
      await step(() => (link.kind === 'call' ? openCallLink(link.call.username) : openChatInvite(link.invite.hash)));
    },

    /** The person agreed to join the chat of a chat invite link: join it (or ask to), then on to its call. */
    async acceptInvite(): Promise<void> {
      const link = state.link;
      if (link?.kind !== 'chat-invite' || state.phase.kind !== 'confirm-invite') return;
      const broadcast = state.phase.invite.broadcast;
      await step(async () => {
        const joined = await deps.backend().importChatInvite(link.invite.hash);
        if (joined.kind === 'invalid' || joined.kind === 'expired')
          return void setPhase({ kind: 'dead-invite', message: deadInviteMessage(joined.kind) });
        if (joined.kind === 'request-sent')
          return void setPhase({ kind: 'request-sent', message: requestSentMessage(broadcast) });
        await toCall(await deps.backend().resolveChatCall(joined.chatKey), true);
      });
    },

    /** The person said yes to joining the link's video chat (as themselves). */
    confirmJoin(): void {
      if (state.phase.kind === 'confirm-join') join(undefined);
    },

    /** Joins as the chosen peer; with `remember`, saves it as the chat's default first. */
    async chooseJoinAs(peerId: string, remember: boolean): Promise<void> {
      const phase = state.phase;
      if (phase.kind !== 'choose-join-as') return;
      setState({ busy: true, choiceError: null });
      let joinAs: string | undefined;
      try {
        joinAs = await joinAsOfChoice(deps.backend(), phase.chatKey, phase.options, peerId, remember);
      } catch (error) {
        setState({ busy: false, choiceError: messageForCallError(error) });
        return;
      }
      setState('busy', false);
      join(joinAs);
    },
  };
}

export type LinkStore = ReturnType<typeof createLinkStore>;
