// The call link a signed-out person opened, kept in sessionStorage across sign-in (and a reload of the sign-in page)
// so that signing in lands them in the call. Only this app's /join route is kept, so nothing can redirect elsewhere.
import { APP_JOIN_PATH } from '../../links';

const KEY = 'tgcall:pending-link';

type SessionLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function storage(): SessionLike | null {
  return typeof window === 'undefined' ? null : window.sessionStorage;
}

/** Remembers `route` (path + query of /join) to go back to after sign-in. */
export function keepPendingLink(route: string, store: SessionLike | null = storage()): void {
  if (isJoinRoute(route)) store?.setItem(KEY, route);
}

/** The route kept by keepPendingLink, if any (not cleared: the join screen clears it once it handles the link). */
export function pendingLink(store: SessionLike | null = storage()): string | null {
  const route = store?.getItem(KEY) ?? null;
  return route !== null && isJoinRoute(route) ? route : null;
}

export function clearPendingLink(store: SessionLike | null = storage()): void {
  store?.removeItem(KEY);
}

/** A same-origin /join path (not "//host/…", which a browser would treat as another site). */
function isJoinRoute(route: string): boolean {
  return route.startsWith(`${APP_JOIN_PATH}?`) || route === APP_JOIN_PATH;
}
