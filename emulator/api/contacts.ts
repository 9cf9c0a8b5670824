// contacts.*: the contact list (with Telegram's list hash), importing by phone, search, and username resolution.
import { RpcError } from '../rpcError';
import { listHash } from './listHash';
import { resolveInputUser } from './peers';
import { normalizePhone } from './phones';
import { isValidUsername } from './usernames';
import { Refs, channelTl, peerChannel, peerUser, userTl } from './views';
import { field, isArray, isNumber, isObject, isString, type HandlerMap, type TlObject } from './types';

export function contactsHandlers(): HandlerMap {
  return {
    'contacts.getContacts': {
      handler: (call, p) => {
        const me = call.requireUser();
        const list = call.world.contacts.list(me);
        const hash = listHash(list.map((c) => c.userId));
        if (typeof p.hash === 'bigint' && p.hash !== 0n && p.hash === hash)
          return { _: 'contacts.contactsNotModified' };
        return {
          _: 'contacts.contacts',
          contacts: list.map((c) => ({
            _: 'contact',
            user_id: BigInt(c.userId),
            mutual: call.world.contacts.has(c.userId, me),
          })),
          saved_count: 0,
          users: list.map((c) => userTl(call.world, me, c.userId)),
        };
      },
    },
    'contacts.importContacts': {
      handler: (call, p) => {
        const me = call.requireUser();
        const imported: TlObject[] = [];
        const users = new Set<number>();
        for (const c of field(p, 'contacts', isArray)) {
          if (!isObject(c) || c._ !== 'inputPhoneContact' || typeof c.phone !== 'string') continue;
          const u = call.world.users.byPhone(normalizePhone(c.phone));
          if (!u || u.id === me) continue;
          const first = typeof c.first_name === 'string' && c.first_name !== '' ? c.first_name : u.firstName;
          const last = typeof c.last_name === 'string' ? c.last_name : u.lastName;
          call.world.contacts.add(me, u.id, first, last, call.now);
          imported.push({
            _: 'importedContact',
            user_id: BigInt(u.id),
            client_id: typeof c.client_id === 'bigint' ? c.client_id : 0n,
          });
          users.add(u.id);
        }
        return {
          _: 'contacts.importedContacts',
          imported,
          popular_invites: [],
          retry_contacts: [],
          users: [...users].map((id) => userTl(call.world, me, id)),
        };
      },
    },
    'contacts.deleteContacts': {
      handler: (call, p) => {
        const me = call.requireUser();
        const refs = new Refs();
        for (const input of field(p, 'id', isArray)) {
          const id = resolveInputUser(call, input, 'CONTACT_ID_INVALID');
          call.world.contacts.remove(me, id);
          refs.users.add(id);
        }
        return { _: 'updates', updates: [], users: refs.usersTl(call.world, me), chats: [], date: call.now, seq: 0 };
      },
    },
    'contacts.getStatuses': {
      handler: (call) => {
        const me = call.requireUser();
        return call.world.contacts
          .list(me)
          .map((c) => ({ _: 'contactStatus', user_id: BigInt(c.userId), status: { _: 'userStatusRecently' } }));
      },
    },
    'contacts.search': {
      handler: (call, p) => {
        const me = call.requireUser();
        const q = field(p, 'q', isString).trim().replace(/^@/, '');
        if (q === '') throw RpcError.badRequest('SEARCH_QUERY_EMPTY');
        const limit = Math.min(Math.max(field(p, 'limit', isNumber), 1), 100);
        const mine: TlObject[] = [];
        const global: TlObject[] = [];
        const refs = new Refs();
        for (const u of call.world.users.search(q, limit * 2)) {
          if (u.id === me) continue;
          if (call.world.contacts.has(me, u.id)) mine.push(peerUser(u.id));
          else if (u.username) global.push(peerUser(u.id));
          else continue;
          refs.users.add(u.id);
        }
        for (const c of call.world.channels.search(q, limit)) {
          (call.world.channels.member(c.id, me) ? mine : global).push(peerChannel(c.id));
          refs.channels.add(c.id);
        }
        return {
          _: 'contacts.found',
          my_results: mine.slice(0, limit),
          results: global.slice(0, limit),
          chats: refs.chatsTl(call.world, me),
          users: refs.usersTl(call.world, me),
        };
      },
    },
    'contacts.resolveUsername': {
      handler: (call, p) => {
        const me = call.requireUser();
        const name = field(p, 'username', isString).replace(/^@/, '');
        if (!/^[a-zA-Z0-9_]{1,32}$/.test(name)) throw RpcError.badRequest('USERNAME_INVALID');
        const owner = call.world.usernameOwner(name);
        if (!owner) {
          throw RpcError.badRequest(isValidUsername(name) ? 'USERNAME_NOT_OCCUPIED' : 'USERNAME_INVALID');
        }
        if (owner.type === 'user') {
          return {
            _: 'contacts.resolvedPeer',
            peer: peerUser(owner.id),
            chats: [],
            users: [userTl(call.world, me, owner.id)],
          };
        }
        return {
          _: 'contacts.resolvedPeer',
          peer: peerChannel(owner.id),
          chats: [channelTl(call.world, me, owner.id)],
          users: [],
        };
      },
    },
  };
}
