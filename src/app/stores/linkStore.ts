// One opened call link, from the route to the call: parse → resolve (contacts.resolveUsername → chat → full chat →
// call) → "join as" (when the person may join as a channel too) → join with the link's invite hash. Each way it can
// stop (a malformed link, an unknown username, a chat with no call, a scheduled call) is a phase the screen shows.
import { createStore } from 'solid-js/store';
import { InvalidLinkError, parseCallLink, type CallLink } from '../../links';
import { invalidLinkMessage, noCallMessage, notAChatMessage, unknownUsernameMessage } from '../linkMessages';
import type { Backend, CallSummary, JoinAsOption } from './backend';
import { messageForCallError } from './callMessages';
import type { JoinRequest } from './callStore';
import { joinAsOfChoice, joinAsOffer } from './joinAsChoice';

export type LinkPhase =
  | { kind: 'resolving' }
  /** The link could not be read; `message` says why. */
  | { kind: 'invalid'; message: string }
  | { kind: 'unknown-username'; message: string }
  | { kind: 'not-a-chat'; message: string }
  | { kind: 'no-call'; message: string; chatKey: string; chatTitle: string }
  | { kind: 'scheduled'; chatKey: string; chatTitle: string; call: CallSummary }
  /** More than one way to join: the person picks (themselves or a channel they own). */
  | { kind: 'choose-join-as'; chatKey: string; chatTitle: string; callTitle: string; options: JoinAsOption[]; selected: string }
  /** Handed to the call store; the screen goes to the chat's call screen. */
  | { kind: 'joined'; chatKey: string }
  /** Telegram could not be asked (offline, an error): try again. */
  | { kind: 'failed'; message: string };

export interface LinkStoreDeps {
  backend(): Pick<Backend, 'resolveCallLink' | 'getJoinAs' | 'saveDefaultJoinAs'>;
  /** The call store's join (not awaited: the call screen shows how joining goes). */
  join(request: JoinRequest): void;
  /** The chat whose call the person is in now, if any. */
  currentCallChat(): string | null;
}

interface LinkState {
  phase: LinkPhase;
  link: CallLink | null;
  busy: boolean;
  /** "Remember my choice" could not be saved. */
  choiceError: string | null;
}

/** The link in `route` (location.pathname + location.search), or the sentence saying why it is not one. */
export function linkOfRoute(route: string): { link: CallLink } | { message: string } {
  try {
    return { link: parseCallLink(route) };
  } catch (error) {
    if (error instanceof InvalidLinkError) return { message: invalidLinkMessage(error.reason) };
    throw error;
  }
}

export function createLinkStore(deps: LinkStoreDeps, route: string) {
  const parsed = linkOfRoute(route);
  const [state, setState] = createStore<LinkState>({
    phase: 'link' in parsed ? { kind: 'resolving' } : { kind: 'invalid', message: parsed.message },
    link: 'link' in parsed ? parsed.link : null,
    busy: false,
    choiceError: null,
  });
  let resolved: { chatKey: string; chatTitle: string; canManageCalls: boolean; call: CallSummary } | null = null;

  function join(joinAs: string | undefined): void {
    const link = state.link;
    if (resolved === null || link === null) return;
    deps.join({
      chatKey: resolved.chatKey,
      ref: resolved.call.ref,
      title: resolved.call.title || resolved.chatTitle,
      canManage: resolved.canManageCalls,
      ...(link.inviteHash !== undefined ? { inviteHash: link.inviteHash } : {}),
      ...(joinAs !== undefined ? { joinAs } : {}),
    });
    setState('phase', { kind: 'joined', chatKey: resolved.chatKey });
  }

  return {
    state,

    /** Resolves the link and joins, or stops at the picker or at a page saying why not. Needs a signed-in session. */
    async open(): Promise<void> {
      const link = state.link;
      if (link === null) return;
      setState({ phase: { kind: 'resolving' }, busy: true });
      try {
        const found = await deps.backend().resolveCallLink(link.username);
        if (found.kind === 'unknown-username') return void setState('phase', { kind: 'unknown-username', message: unknownUsernameMessage(link.username) });
        if (found.kind === 'not-a-chat') return void setState('phase', { kind: 'not-a-chat', message: notAChatMessage(link.username) });
        if (found.kind === 'no-call') return void setState('phase', { kind: 'no-call', message: noCallMessage(found.chatTitle), chatKey: found.chatKey, chatTitle: found.chatTitle });
        if (found.call.scheduleDate !== null) return void setState('phase', { kind: 'scheduled', chatKey: found.chatKey, chatTitle: found.chatTitle, call: found.call });
        resolved = found;
        // Already in this call (the link opened twice): just show it — unless the link carries a hash, which may be a
        // speaker link that the person came back with: then join again with it.
        if (deps.currentCallChat() === found.chatKey && link.inviteHash === undefined) return void setState('phase', { kind: 'joined', chatKey: found.chatKey });
        const offer = await joinAsOffer(deps.backend(), found.chatKey);
        if (offer === null) return join(undefined);
        setState('phase', { kind: 'choose-join-as', chatKey: found.chatKey, chatTitle: found.chatTitle, callTitle: found.call.title, ...offer });
      } catch (error) {
        setState('phase', { kind: 'failed', message: messageForCallError(error) });
      } finally {
        setState('busy', false);
      }
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
