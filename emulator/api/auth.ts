// auth.* and the 2FA half of account.*: login codes (test-DC rule), sign-in / sign-up, SRP password check, log-out.
// Flood windows and SRP sessions live in memory (AuthState): a restart simply makes the client ask again.
import crypto from 'node:crypto';
import { RpcError } from '../rpcError';
import { srpCheck, srpServerStart, SRP_G, SRP_P_BYTES, type SrpServerSession } from '../world/srp';
import type { ApiOptions } from './options';
import { normalizePhone, testLoginCode } from './phones';
import { onboardNewUser } from './onboarding';
import {
  codeTypeTl,
  deliveryChain,
  expectedEntry,
  maskEmail,
  sentCodeType,
  signUpNeedsTerms,
  type DeliveryStep,
} from './codeDelivery';
import { userTl } from './views';
import { field, isBytes, isObject, isString, type Call, type HandlerMap, type TlObject, type TlValue } from './types';

/** Where one phone_code_hash is in its delivery chain, and the email being set up for it (login-setup purpose). */
interface CodeFlow {
  phoneCodeHash: string;
  chain: DeliveryStep[];
  step: number;
  /** The address account.sendVerifyEmailCode sent a code to, until account.verifyEmail accepts it. */
  pendingEmail?: string;
  /** The verified address the login codes now go to. */
  email?: string;
}

/** The terms a new account on a terms number is shown (help.termsOfService, as auth.authorizationSignUpRequired carries it). */
export const TEST_TERMS_OF_SERVICE = {
  id: '{"version":"2026-12-01","country":"XX"}',
  text:
    'These are the local server’s stand-in Terms of Service. By signing up you agree not to use this test server for ' +
    'anything but trying and testing tgcall.',
};

interface SrpPending {
  userId: number;
  session: SrpServerSession;
  expiresAt: number;
}

export class AuthState {
  private readonly codeSends = new Map<string, number[]>();
  private readonly srp = new Map<bigint, SrpPending>();
  private readonly flows = new Map<string, CodeFlow>();
  /** Users who accepted the terms (help.acceptTermsOfService), by the terms id: read by tests. */
  readonly acceptedTerms = new Map<number, string>();

  constructor(private readonly opts: ApiOptions) {}

  startFlow(phone: string, flow: CodeFlow): void {
    this.flows.set(phone, flow);
  }

  /** The flow of a live code (liveCode checked the hash already); a code sent before a restart starts the default. */
  flowOf(phone: string, phoneCodeHash: string): CodeFlow {
    const flow = this.flows.get(phone);
    if (flow && flow.phoneCodeHash === phoneCodeHash) return flow;
    const fresh: CodeFlow = {
      phoneCodeHash,
      chain: deliveryChain(phone, { flashCall: false, missedCall: false }),
      step: 0,
    };
    this.flows.set(phone, fresh);
    return fresh;
  }

  endFlow(phone: string): void {
    this.flows.delete(phone);
  }

  /** Records a sendCode for `phone`; throws FLOOD_WAIT_X past the per-minute allowance. */
  noteCodeSend(phone: string, now: number): void {
    const recent = (this.codeSends.get(phone) ?? []).filter((t) => t > now - 60);
    if (recent.length >= this.opts.sendCodePerMinute) {
      throw RpcError.floodWait(Math.max(1, recent[0] + 60 - now));
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
  if (!sent || sent.phoneCodeHash !== hash || sent.expiresAt < call.now)
    throw RpcError.badRequest('PHONE_CODE_EXPIRED');
  return sent;
}

/** auth.sentCode for the flow's current step: its type, and next_type / timeout when a resend can move on. */
function sentCode(flow: CodeFlow, phone: string, code: string): TlObject {
  const step = flow.chain[flow.step];
  const sent: TlObject = {
    _: 'auth.sentCode',
    type: sentCodeType(step, phone, code, flow.email),
    phone_code_hash: flow.phoneCodeHash,
  };
  if (step.next) sent.next_type = codeTypeTl(step.next);
  if (step.timeout !== undefined) sent.timeout = step.timeout;
  return sent;
}

/** The login-setup purpose of account.sendVerifyEmailCode / account.verifyEmail, checked against the live code. */
function loginSetupFlow(
  call: Call,
  state: AuthState,
  purpose: TlValue,
): { flow: CodeFlow; phone: string; code: string } {
  if (!isObject(purpose) || purpose._ !== 'emailVerifyPurposeLoginSetup')
    throw RpcError.badRequest('EMAIL_VERIFY_EXPIRED');
  const { phone } = validPhone(field(purpose, 'phone_number', isString));
  const sent = liveCode(call, phone, field(purpose, 'phone_code_hash', isString));
  const flow = state.flowOf(phone, sent.phoneCodeHash);
  if (flow.chain[flow.step]?.kind !== 'setUpEmail' && flow.email === undefined)
    throw RpcError.badRequest('EMAIL_NOT_SETUP');
  return { flow, phone, code: sent.code };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function authHandlers(opts: ApiOptions, state: AuthState): HandlerMap {
  return {
    'auth.sendCode': {
      anonymous: true,
      handler: (call, p) => {
        const { phone, code } = validPhone(field(p, 'phone_number', isString));
        state.noteCodeSend(phone, call.now);
        const phoneCodeHash = crypto.randomBytes(9).toString('hex');
        call.world.loginCodes.put({
          phone,
          phoneCodeHash,
          code,
          sentAt: call.now,
          expiresAt: call.now + opts.codeLifetime,
        });
        const settings: TlObject = isObject(p.settings) ? p.settings : { _: 'codeSettings' };
        const chain = deliveryChain(phone, {
          flashCall: settings.allow_flashcall === true,
          missedCall: settings.allow_missed_call === true,
        });
        const flow: CodeFlow = { phoneCodeHash, chain, step: 0 };
        state.startFlow(phone, flow);
        return sentCode(flow, phone, code);
      },
    },

    // core.telegram.org/method/auth.resendCode: the next way of the chain (next_type), or SEND_CODE_UNAVAILABLE.
    'auth.resendCode': {
      anonymous: true,
      handler: (call, p) => {
        const { phone } = validPhone(field(p, 'phone_number', isString));
        const hash = field(p, 'phone_code_hash', isString);
        if (hash === '') throw RpcError.badRequest('PHONE_CODE_HASH_EMPTY');
        const sent = liveCode(call, phone, hash);
        const flow = state.flowOf(phone, hash);
        if (!flow.chain[flow.step]?.next || flow.step + 1 >= flow.chain.length)
          throw RpcError.badRequest('SEND_CODE_UNAVAILABLE');
        flow.step += 1;
        return sentCode(flow, phone, sent.code);
      },
    },

    // core.telegram.org/method/auth.cancelCode: the code stops working (a later signIn gets PHONE_CODE_EXPIRED).
    'auth.cancelCode': {
      anonymous: true,
      handler: (call, p) => {
        const { phone } = validPhone(field(p, 'phone_number', isString));
        liveCode(call, phone, field(p, 'phone_code_hash', isString));
        call.world.loginCodes.delete(phone);
        state.endFlow(phone);
        return true;
      },
    },

    // Login email setup (auth.sentCodeTypeSetUpEmailRequired): a code to the new address, then account.verifyEmail.
    'account.sendVerifyEmailCode': {
      anonymous: true,
      handler: (call, p) => {
        const { flow, code } = loginSetupFlow(call, state, p.purpose);
        const email = field(p, 'email', isString).trim();
        if (!EMAIL.test(email)) throw RpcError.badRequest('EMAIL_INVALID');
        flow.pendingEmail = email;
        return { _: 'account.sentEmailCode', email_pattern: maskEmail(email), length: code.length };
      },
    },

    'account.verifyEmail': {
      anonymous: true,
      handler: (call, p) => {
        const { flow, phone, code } = loginSetupFlow(call, state, p.purpose);
        const verification = p.verification;
        if (!isObject(verification) || verification._ !== 'emailVerificationCode')
          throw RpcError.badRequest('EMAIL_CODE_INVALID');
        if (flow.pendingEmail === undefined) throw RpcError.badRequest('EMAIL_VERIFY_EXPIRED');
        if (field(verification, 'code', isString) !== code) throw RpcError.badRequest('EMAIL_CODE_INVALID');
        flow.email = flow.pendingEmail;
        flow.pendingEmail = undefined;
        // From now on the login code goes to that address (account.emailVerifiedLogin.sent_code).
        flow.chain = [{ kind: 'email' }];
        flow.step = 0;
        return { _: 'account.emailVerifiedLogin', email: flow.email, sent_code: sentCode(flow, phone, code) };
      },
    },

    'help.acceptTermsOfService': {
      handler: (call, p) => {
        const me = call.requireUser();
        const id = p.id;
        if (!isObject(id) || typeof id.data !== 'string') throw RpcError.badRequest('DATA_JSON_INVALID');
        state.acceptedTerms.set(me, id.data);
        return true;
      },
    },

    'auth.signIn': {
      anonymous: true,
      handler: (call, p) => {
        const { phone } = validPhone(field(p, 'phone_number', isString));
        const sent = liveCode(call, phone, field(p, 'phone_code_hash', isString));
        const flow = state.flowOf(phone, sent.phoneCodeHash);
        const step = flow.chain[flow.step];
        if (step.kind === 'email') {
          // A code sent by email is given as email_verification, not phone_code (auth.signIn, layer 158).
          const verification = p.email_verification;
          if (!isObject(verification) || verification._ !== 'emailVerificationCode')
            throw RpcError.badRequest('PHONE_CODE_EMPTY');
          if (field(verification, 'code', isString) !== sent.code) throw RpcError.badRequest('EMAIL_CODE_INVALID');
        } else {
          const given = p.phone_code;
          if (typeof given !== 'string' || given === '') throw RpcError.badRequest('PHONE_CODE_EMPTY');
          if (step.kind === 'setUpEmail') throw RpcError.badRequest('PHONE_CODE_INVALID');
          if (given !== expectedEntry(step, phone, sent.code)) throw RpcError.badRequest('PHONE_CODE_INVALID');
        }
        const user = call.world.users.byPhone(phone);
        if (!user) {
          // The code stays valid, now proven, for the auth.signUp that must follow.
          call.world.loginCodes.markVerified(phone);
          if (!signUpNeedsTerms(phone)) return { _: 'auth.authorizationSignUpRequired' };
          return {
            _: 'auth.authorizationSignUpRequired',
            terms_of_service: {
              _: 'help.termsOfService',
              id: { _: 'dataJSON', data: TEST_TERMS_OF_SERVICE.id },
              text: TEST_TERMS_OF_SERVICE.text,
              entities: [],
            },
          };
        }
        call.world.loginCodes.delete(phone);
        state.endFlow(phone);
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
        if (!srpCheck(user.password, pending.session, input.A, input.M1))
          throw RpcError.badRequest('PASSWORD_HASH_INVALID');
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
