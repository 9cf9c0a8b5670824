// users.*: users by InputUser, and the full profile.
import { RpcError } from '../rpcError';
import { resolveInputUser } from './peers';
import { userTl } from './views';
import { field, isArray, isObject, type HandlerMap, type TlObject } from './types';

export function usersHandlers(): HandlerMap {
  return {
    'users.getUsers': {
      handler: (call, p) => {
        const me = call.requireUser();
        const out: TlObject[] = [];
        for (const input of field(p, 'id', isArray)) {
          // Telegram leaves out users it cannot resolve rather than failing the whole call.
          let id: number;
          try {
            id = resolveInputUser(call, input);
          } catch (e) {
            if (e instanceof RpcError) continue;
            throw e;
          }
          out.push(userTl(call.world, me, id));
        }
        return out;
      },
    },
    'users.getFullUser': {
      handler: (call, p) => {
        const me = call.requireUser();
        const id = resolveInputUser(call, field(p, 'id', isObject));
        const u = call.world.users.get(id)!;
        const common = call.world.chats.ofUser(id).filter((c) => call.world.chats.member(c, me)).length;
        return {
          _: 'users.userFull',
          full_user: {
            _: 'userFull',
            phone_calls_available: true,
            video_calls_available: true,
            id: BigInt(id),
            about: u.about || undefined,
            settings: { _: 'peerSettings' },
            profile_photo: undefined,
            notify_settings: { _: 'peerNotifySettings' },
            common_chats_count: common,
          },
          chats: [],
          users: [userTl(call.world, me, id)],
        };
      },
    },
  };
}
