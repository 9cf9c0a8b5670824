// auth.* and the 2FA half of account.*: login codes (test-DC rule), sign-in / sign-up, SRP password check, log-out.
// Flood windows and SRP sessions live in memory (AuthState): a restart simply makes the client ask again.
import crypto from 'node:crypto';
import { RpcError } from '../rpcError';
import { srpCheck, srpServerStart, SRP_G, SRP_P_BYTES, type SrpServerSession } from '../world/srp';
import type { ApiOptions } from './options';
import { normalizePhone, testLoginCode } from './phones';
import { onboardNewUser } from './onboarding';
import { userTl } from './views';
import { field, isBytes, isObject, isString, type Call, type HandlerMap, type TlObject } from './types';

interface SrpPending {
  userId: number;
  session: SrpServerSession;
  expiresAt: number;
}

export class AuthState {
  private readonly codeSends = new Map<string, number[]>();
  private readonly srp = new Map<bigint, SrpPending>();

  constructor(private readonly opts: ApiOptions) {}

  /** Records a sendCode for `phone`; throws FLOOD_WAIT_X past the per-minute allowance. */
  noteCodeSend(phone: string, now: number): void {
    const recent = (this.codeSends.get(phone) ?? []).filter((t) => t > now - 60);
    if (recent.length >= this.opts.sendCodePerMinute) {
      throw RpcError.floodWait(Math.max(1, recent[0]! + 60 - now));
    }
    recent.push(now);
    this.codeSends.set(phone, recent);
  }

  startSrp(userId: number, verifier: Uint8Array, now: number): { srpId: bigint; session: SrpServerSession } {
    for (const [id, p] of this.srp) if (p.userId === userId || p.expiresAt < now) this.srp.delete(id);
    const srpId = crypto.randomBytes(8).readBigInt64BE();
    const session = srpServerStart(verifier);
    this.srp.set(srpId, { userId, session, expiresAt: now + 600 });
    return { srpId, session };
  }

  takeSrp(srpId: bigint, now: number): SrpPending | undefined {
    const p = this.srp.get(srpId);
    if (!p || p.expiresAt < now) return undefined;
    return p;
  }

  endSrp(srpId: bigint): void {
    this.srp.delete(srpId);
  }
}

function authorization(call: Call, userId: number): TlObject {
  return { _: 'auth.authorization', user: userTl(call.world, userId, userId) };
}

function validPhone(raw: string): { phone: string; code: string } {
  const phone = normalizePhone(raw);
  const code = testLoginCode(phone);
  if (!code) throw RpcError.badRequest('PHONE_NUMBER_INVALID');
  return { phone, code };
}

/** The live code for `phone` under `hash`, or PHONE_CODE_EXPIRED (none sent, superseded or timed out). */
function liveCode(call: Call, phone: string, hash: string) {
  const sent = call.world.loginCodes.get(phone);
  if (!sent || sent.phoneCodeHash !== hash || sent.expiresAt < call.now) throw RpcError.badRequest('PHONE_CODE_EXPIRED');
  return sent;
}

export function authHandlers(opts: ApiOptions, state: AuthState): HandlerMap {
  return {
    'auth.sendCode': {
      anonymous: true,
      handler: (call, p) => {
        const { phone, code } = validPhone(field(p, 'phone_number', isString));
        state.noteCodeSend(phone, call.now);
        const phoneCodeHash = crypto.randomBytes(9).toString('hex');
        call.world.loginCodes.put({ phone, phoneCodeHash, code, sentAt: call.now, expiresAt: call.now + opts.codeLifetime });
        return { _: 'auth.sentCode', type: { _: 'auth.sentCodeTypeApp', length: 5 }, phone_code_hash: phoneCodeHash };
      },
    },

    'auth.signIn': {
      anonymous: true,
      handler: (call, p) => {
        const { phone } = validPhone(field(p, 'phone_number', isString));
        const given = p.phone_code;
        if (typeof given !== 'string' || given === '') throw RpcError.badRequest('PHONE_CODE_EMPTY');
        const sent = liveCode(call, phone, field(p, 'phone_code_hash', isString));
        if (given !== sent.code) throw RpcError.badRequest('PHONE_CODE_INVALID');
        const user = call.world.users.byPhone(phone);
        if (!user) {
          // The code stays valid, now proven, for the auth.signUp that must follow.
          call.world.loginCodes.markVerified(phone);
          return { _: 'auth.authorizationSignUpRequired' };
        }
        call.world.loginCodes.delete(phone);
        if (user.password) {
          call.world.authKeys.setPending(call.ctx.authKeyId, user.id);
          throw RpcError.unauthorized('SESSION_PASSWORD_NEEDED');
        }
        call.world.authKeys.bind(call.ctx.authKeyId, user.id);
        return authorization(call, user.id);
      },
    },

    'auth.signUp': {
      anonymous: true,
      handler: (call, p) => {
        const { phone } = validPhone(field(p, 'phone_number', isString));
        const sent = liveCode(call, phone, field(p, 'phone_code_hash', isString));
        // Signing up takes the code too: auth.signIn must have accepted it first.
        if (!sent.verified) throw RpcError.badRequest('PHONE_CODE_EMPTY');
        const firstName = field(p, 'first_name', isString).trim();
        const lastName = field(p, 'last_name', isString).trim();
        if (firstName === '' || firstName.length > 64) throw RpcError.badRequest('FIRSTNAME_INVALID');
        if (lastName.length > 64) throw RpcError.badRequest('LASTNAME_INVALID');
        if (call.world.users.byPhone(phone)) throw RpcError.badRequest('PHONE_NUMBER_OCCUPIED');
        const { userId, batch } = call.world.transaction(() => {
          const user = call.world.users.create({ phone, firstName, lastName, now: call.now });
          call.world.loginCodes.delete(phone);
          call.world.authKeys.bind(call.ctx.authKeyId, user.id);
          return { userId: user.id, batch: onboardNewUser(call, user.id) };
        });
        call.events.deliver(batch);
        return authorization(call, userId);
      },
    },

    'account.getPassword': {
      anonymous: true,
      handler: (call) => {
        const userId = call.userId ?? call.world.authKeys.pendingOf(call.ctx.authKeyId);
        if (userId === undefined) throw RpcError.unauthorized('AUTH_KEY_UNREGISTERED');
        const user = call.world.users.get(userId);
        if (!user) throw RpcError.unauthorized('AUTH_KEY_UNREGISTERED');
        const newAlgo: TlObject = {
          _: 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow',
          salt1: new Uint8Array(crypto.randomBytes(8)),
          salt2: new Uint8Array(crypto.randomBytes(16)),
          g: SRP_G,
          p: SRP_P_BYTES,
        };
        const common = {
          new_algo: newAlgo,
          new_secure_algo: { _: 'securePasswordKdfAlgoSHA512', salt: new Uint8Array(crypto.randomBytes(8)) },
          secure_random: new Uint8Array(crypto.randomBytes(32)),
        };
        if (!user.password) return { _: 'account.password', ...common };
        const { srpId, session } = state.startSrp(user.id, user.password.verifier, call.now);
        return {
          _: 'account.password',
          has_password: true,
          current_algo: {
            _: 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow',
            salt1: user.password.salt1,
            salt2: user.password.salt2,
            g: SRP_G,
            p: SRP_P_BYTES,
          },
          srp_B: session.B,
          srp_id: srpId,
          hint: user.password.hint || undefined,
          ...common,
        };
      },
    },

    'auth.checkPassword': {
      anonymous: true,
      handler: (call, p) => {
        const userId = call.world.authKeys.pendingOf(call.ctx.authKeyId) ?? call.userId;
        if (userId === undefined) throw RpcError.unauthorized('AUTH_KEY_UNREGISTERED');
        const input = p.password;
        if (!isObject(input) || input._ !== 'inputCheckPasswordSRP') throw RpcError.badRequest('PASSWORD_HASH_INVALID');
        const srpId = input.srp_id;
        if (typeof srpId !== 'bigint') throw RpcError.badRequest('SRP_ID_INVALID');
        const pending = state.takeSrp(srpId, call.now);
        if (!pending || pending.userId !== userId) throw RpcError.badRequest('SRP_ID_INVALID');
        const user = call.world.users.get(userId);
        if (!user?.password) throw RpcError.badRequest('PASSWORD_HASH_INVALID');
        if (!isBytes(input.A) || !isBytes(input.M1)) throw RpcError.badRequest('PASSWORD_HASH_INVALID');
        if (!srpCheck(user.password, pending.session, input.A, input.M1)) throw RpcError.badRequest('PASSWORD_HASH_INVALID');
        state.endSrp(srpId);
        call.world.authKeys.bind(call.ctx.authKeyId, userId);
        return authorization(call, userId);
      },
    },

    'auth.logOut': {
      handler: (call) => {
        call.requireUser();
        call.world.authKeys.unbind(call.ctx.authKeyId);
        return { _: 'auth.loggedOut' };
      },
    },
  };
}
