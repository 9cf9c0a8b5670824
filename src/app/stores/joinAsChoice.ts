// The "join as" step shared by the chat page's Join and the join-link screen: ask phone.getGroupCallJoinAs, and when
// the person may join as more than themselves, what to offer (the saved default chosen first); then turn the choice
// into the join's `joinAs` (none for oneself), saving it first with "Remember my choice".
import type { Backend, JoinAsKind, JoinAsOption } from './backend';

/** How the picker names each kind, as Telegram Desktop's "join as" box does. */
export const JOIN_AS_KIND_LABELS: Record<JoinAsKind, string> = {
  self: 'personal account',
  channel: 'channel',
  group: 'group',
};

/** "personal account", "channel" or "group". */
export function joinAsLabel(option: JoinAsOption): string {
  return JOIN_AS_KIND_LABELS[option.kind];
}

export interface JoinAsOffer {
  options: JoinAsOption[];
  selected: string;
}

/** What to offer, or null when the person can only join as themselves (no picker). */
export async function joinAsOffer(backend: Pick<Backend, 'getJoinAs'>, chatKey: string): Promise<JoinAsOffer | null> {
  const choices = await backend.getJoinAs(chatKey);
  if (choices.options.length <= 1) return null;
  const self = choices.options.find((o) => o.isSelf) ?? choices.options[0];
  const selected = choices.options.some((o) => o.peerId === choices.defaultPeerId)
    ? choices.defaultPeerId!
    : self.peerId;
  return { options: choices.options, selected };
}

/** The join's `joinAs` for the chosen peer (undefined for oneself); saves it as the default first when asked. */
export async function joinAsOfChoice(
  backend: Pick<Backend, 'saveDefaultJoinAs'>,
  chatKey: string,
  options: JoinAsOption[],
  peerId: string,
  remember: boolean,
): Promise<string | undefined> {
  if (remember) await backend.saveDefaultJoinAs(chatKey, peerId);
  const option = options.find((o) => o.peerId === peerId);
  return option === undefined || option.isSelf ? undefined : peerId;
}
