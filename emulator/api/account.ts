// account.*: username checks and changes (one namespace with channels), profile, online status.
// (account.getPassword lives in auth.ts beside auth.checkPassword: they share the SRP session.)
import { RpcError } from '../rpcError';
import { UpdateBatch } from './events';
import { isValidUsername } from './usernames';
import { Refs, userTl } from './views';
import { field, isString, type Call, type HandlerMap } from './types';

function checkFree(call: Call, me: number, username: string): void {
  if (!isValidUsername(username)) throw RpcError.badRequest('USERNAME_INVALID');
  const owner = call.world.usernameOwner(username);
  if (owner && !(owner.type === 'user' && owner.id === me)) throw RpcError.badRequest('USERNAME_OCCUPIED');
}

/** Tells the user's other sessions (and people who have them as a contact) about a name change. */
function announceName(call: Call, userId: number): void {
  const u = call.world.users.get(userId)!;
  const batch = new UpdateBatch(call.now);
  const refs = new Refs();
  refs.users.add(userId);
  const update = {
    _: 'updateUserName',
    user_id: BigInt(userId),
    first_name: u.firstName,
    last_name: u.lastName,
    usernames: u.username ? [{ _: 'username', editable: true, active: true, username: u.username }] : [],
  };
  call.world.transaction(() => call.events.other(batch, userId, update, refs));
  call.events.deliver(batch, { userId, authKeyId: call.ctx.authKeyId });
}

export function accountHandlers(): HandlerMap {
  return {
    'account.checkUsername': {
      handler: (call, p) => {
        const me = call.requireUser();
        checkFree(call, me, field(p, 'username', isString));
        return true;
      },
    },
    'account.updateUsername': {
      handler: (call, p) => {
        const me = call.requireUser();
        const username = field(p, 'username', isString);
        const current = call.world.users.get(me)!.username;
        if (username === '') {
          if (current === null) throw RpcError.badRequest('USERNAME_NOT_MODIFIED');
          call.world.users.setUsername(me, null);
        } else {
          if (current !== null && current === username) throw RpcError.badRequest('USERNAME_NOT_MODIFIED');
          checkFree(call, me, username);
          call.world.users.setUsername(me, username);
        }
        announceName(call, me);
        return userTl(call.world, me, me);
      },
    },
    'account.updateProfile': {
      handler: (call, p) => {
        const me = call.requireUser();
        const first = typeof p.first_name === 'string' ? p.first_name.trim() : undefined;
        if (first !== undefined && (first === '' || first.length > 64)) throw RpcError.badRequest('FIRSTNAME_INVALID');
        const last = typeof p.last_name === 'string' ? p.last_name.trim() : undefined;
        if (last !== undefined && last.length > 64) throw RpcError.badRequest('LASTNAME_INVALID');
        const about = typeof p.about === 'string' ? p.about : undefined;
        if (about !== undefined && about.length > 70) throw RpcError.badRequest('ABOUT_TOO_LONG');
        call.world.users.setProfile(me, { firstName: first, lastName: last, about });
        if (first !== undefined || last !== undefined) announceName(call, me);
        return userTl(call.world, me, me);
      },
    },
    'account.updateStatus': {
      handler: (call) => {
        call.requireUser();
        return true;
      },
    },
  };
}
