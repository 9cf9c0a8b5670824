// A system notification for an invitation to a call that arrives while the tab is hidden (the banner shows it when the
// tab is seen): clicking it brings the tab forward and joins. Permission is asked from the invitation banner, when the
// person has an invitation in front of them, never on load.
import type { CallInvitation } from './stores/backend';

export type NotificationPermissionState = 'granted' | 'denied' | 'default' | 'unsupported';

export function notificationPermission(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export async function askNotificationPermission(): Promise<NotificationPermissionState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

/** Shows the notification when the tab is hidden and notifications are allowed; true when it did. */
export function notifyInvitation(invitation: CallInvitation, onOpen: () => void): boolean {
  if (typeof document === 'undefined' || !document.hidden || notificationPermission() !== 'granted') return false;
  const notification = new Notification(`${invitation.inviterName} invites you to a voice chat`, {
    body: `In ${invitation.chatTitle}. Click to join.`,
    tag: `tgcall-invite-${invitation.chatKey}`,
    icon: '/icon-192.png',
  });
  notification.onclick = () => {
    window.focus();
    notification.close();
    onOpen();
  };
  return true;
}
