// Sign-in, sign-up, 2FA (real SRP, checked against two independent client computations) and the errors Telegram
// gives at each step.
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { makeKit, type Kit } from './apiTestKit';
import { SEED_2FA, SEED_PEOPLE } from '../world/seed';
import type { TlObject } from './types';

const settings = { _: 'codeSettings' };
const sendCode = (k: Kit, key: bigint, phone: string) =>
  k.call(key, 'auth.sendCode', { phone_number: phone, api_id: 1, api_hash: 'h', settings }) as Promise<TlObject>;

describe('auth.sendCode', () => {
  it('answers a test number with an app code of length 5', async () => {
    const k = makeKit();
    const sent = await sendCode(k, 1n, '+999 66 2 1234');
    expect(sent._).toBe('auth.sentCode');
    expect(sent.type).toEqual({ _: 'auth.sentCodeTypeApp', length: 5 });
    expect(typeof sent.phone_code_hash).toBe('string');
  });

  it.each(['12345', '9996641234', '99966212345', '4915112345678', ''])(
    'rejects %s with PHONE_NUMBER_INVALID',
    async (phone) => {
      const k = makeKit();
      const e = await k.fail(1n, 'auth.sendCode', { phone_number: phone, api_id: 1, api_hash: 'h', settings });
      expect([e.code, e.type]).toEqual([400, 'PHONE_NUMBER_INVALID']);
    },
  );

  it('answers FLOOD_WAIT_X past five codes a minute for one phone, and lets the phone in again after the wait', async () => {
    const k = makeKit();
    for (let i = 0; i < 5; i++) await sendCode(k, 1n, '9996610001');
    k.clock.now += 10;
    const e = await k.fail(1n, 'auth.sendCode', { phone_number: '9996610001', api_id: 1, api_hash: 'h', settings });
    expect(e.code).toBe(420);
    expect(e.type).toBe('FLOOD_WAIT_50');
    await sendCode(k, 1n, '9996610002'); // another phone is not limited
    k.clock.now += 51;
    await sendCode(k, 1n, '9996610001');
  });
});

describe('auth.signIn / auth.signUp', () => {
  it('signs a seeded person in with code X×5 and binds the key', async () => {
    const k = makeKit();
    const e = await k.fail(7n, 'updates.getState');
    expect([e.code, e.type]).toEqual([401, 'AUTH_KEY_UNREGISTERED']);
    const sent = await sendCode(k, 7n, SEED_PEOPLE[0].phone);
    const auth = (await k.call(7n, 'auth.signIn', {
      phone_number: SEED_PEOPLE[0].phone,
      phone_code_hash: sent.phone_code_hash!,
      phone_code: '11111',
    })) as TlObject;
    expect(auth._).toBe('auth.authorization');
    expect((auth.user as TlObject).first_name).toBe('Alice');
    expect((auth.user as TlObject).self).toBe(true);
    expect(k.world.authKeys.userOf(7n)).toBe(Number((auth.user as TlObject).id));
    expect(((await k.call(7n, 'updates.getState')) as TlObject)._).toBe('updates.state');
  });

  it('gives PHONE_CODE_EMPTY, PHONE_CODE_INVALID and PHONE_CODE_EXPIRED where Telegram does', async () => {
    const k = makeKit();
    const phone = '9996610002';
    const sent = await sendCode(k, 1n, phone);
    const hash = sent.phone_code_hash as string;
    expect((await k.fail(1n, 'auth.signIn', { phone_number: phone, phone_code_hash: hash })).type).toBe(
      'PHONE_CODE_EMPTY',
    );
    expect((await k.fail(1n, 'auth.signIn', { phone_number: phone, phone_code_hash: hash, phone_code: '' })).type).toBe(
      'PHONE_CODE_EMPTY',
    );
    expect(
      (await k.fail(1n, 'auth.signIn', { phone_number: phone, phone_code_hash: hash, phone_code: '22222' })).type,
    ).toBe('PHONE_CODE_INVALID');
    expect(
      (await k.fail(1n, 'auth.signIn', { phone_number: phone, phone_code_hash: 'nope', phone_code: '11111' })).type,
    ).toBe('PHONE_CODE_EXPIRED');
    k.clock.now += 301;
    expect(
      (await k.fail(1n, 'auth.signIn', { phone_number: phone, phone_code_hash: hash, phone_code: '11111' })).type,
    ).toBe('PHONE_CODE_EXPIRED');
    expect(
      (await k.fail(1n, 'auth.signIn', { phone_number: '123', phone_code_hash: hash, phone_code: '11111' })).type,
    ).toBe('PHONE_NUMBER_INVALID');
  });

  it('asks an unknown test number to sign up, then signs it up into the demo group with contacts', async () => {
    const k = makeKit();
    const phone = '9996635555';
    const sent = await sendCode(k, 3n, phone);
    const hash = sent.phone_code_hash as string;
    const r = (await k.call(3n, 'auth.signIn', {
      phone_number: phone,
      phone_code_hash: hash,
      phone_code: '33333',
    })) as TlObject;
    expect(r._).toBe('auth.authorizationSignUpRequired');
    expect(k.world.authKeys.userOf(3n)).toBeUndefined();
    const bad = await k.fail(3n, 'auth.signUp', {
      phone_number: phone,
      phone_code_hash: hash,
      first_name: '  ',
      last_name: '',
    });
    expect([bad.code, bad.type]).toEqual([400, 'FIRSTNAME_INVALID']);
    const auth = (await k.call(3n, 'auth.signUp', {
      phone_number: phone,
      phone_code_hash: hash,
      first_name: 'Nina',
      last_name: 'New',
    })) as TlObject;
    expect(auth._).toBe('auth.authorization');
    const me = Number((auth.user as TlObject).id);
    expect(k.world.authKeys.userOf(3n)).toBe(me);
    const dialogs = (await k.call(3n, 'messages.getDialogs', {
      offset_date: 0,
      offset_id: 0,
      offset_peer: { _: 'inputPeerEmpty' },
      limit: 20,
      hash: 0n,
    })) as TlObject;
    const chats = dialogs.chats as TlObject[];
    expect(chats.map((c) => c.username)).toContain('tgcall_demo');
    const contacts = (await k.call(3n, 'contacts.getContacts', { hash: 0n })) as TlObject;
    expect((contacts.contacts as TlObject[]).length).toBe(SEED_PEOPLE.length + 1);
    // Members of the demo group who are signed in hear about the newcomer.
    await k.signIn(9n, SEED_PEOPLE[0].phone);
    k.pushed.length = 0;
    await k.signIn(4n, '9996635556', { first: 'Otto' });
    expect(
      k.pushed.some(
        (p) =>
          p.authKeyId === 9n &&
          JSON.stringify((p.updates.updates as TlObject[]).map((u) => u._)).includes('updateNewChannelMessage'),
      ),
    ).toBe(true);
  });

  it('refuses auth.signUp before auth.signIn accepted the code', async () => {
    const k = makeKit();
    const phone = '9996635557';
    const sent = await sendCode(k, 1n, phone);
    const e = await k.fail(1n, 'auth.signUp', {
      phone_number: phone,
      phone_code_hash: sent.phone_code_hash!,
      first_name: 'Eve',
      last_name: '',
    });
    expect([e.code, e.type]).toEqual([400, 'PHONE_CODE_EMPTY']);
    expect(k.world.users.byPhone(phone)).toBeUndefined();
  });

  it('refuses a second sign-up for an occupied number with PHONE_NUMBER_OCCUPIED', async () => {
    const k = makeKit();
    const phone = '9996610003';
    const sent = await sendCode(k, 1n, phone);
    k.world.loginCodes.markVerified(phone); // as if a sign-up raced this account's creation
    const e = await k.fail(1n, 'auth.signUp', {
      phone_number: phone,
      phone_code_hash: sent.phone_code_hash!,
      first_name: 'Carol',
      last_name: '',
    });
    expect([e.code, e.type]).toEqual([400, 'PHONE_NUMBER_OCCUPIED']);
  });

  it('auth.logOut unbinds the key: the next call is 401 AUTH_KEY_UNREGISTERED', async () => {
    const k = makeKit();
    await k.signIn(5n, '9996610004');
    expect(((await k.call(5n, 'auth.logOut')) as TlObject)._).toBe('auth.loggedOut');
    expect((await k.fail(5n, 'contacts.getContacts', { hash: 0n })).type).toBe('AUTH_KEY_UNREGISTERED');
    expect(k.world.authKeys.keysOf(k.world.users.byPhone('9996610004')!.id)).toEqual([]);
  });
});

// ---- 2FA: an SRP client written here from core.telegram.org/api/srp, independent of the server's code ----
const big = (b: Uint8Array) => BigInt('0x' + (Buffer.from(b).toString('hex') || '0'));
const pad = (n: bigint) => new Uint8Array(Buffer.from(n.toString(16).padStart(512, '0'), 'hex'));
const H = (...parts: Uint8Array[]) => {
  const h = crypto.createHash('sha256');
  parts.forEach((p) => h.update(p));
  return new Uint8Array(h.digest());
};
const pow = (b: bigint, e: bigint, m: bigint) => {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
};

function clientSrp(algo: TlObject, srpB: Uint8Array, password: string): { A: Uint8Array; M1: Uint8Array } {
  const salt1 = algo.salt1 as Uint8Array;
  const salt2 = algo.salt2 as Uint8Array;
  const pBytes = algo.p as Uint8Array;
  const p = big(pBytes);
  const g = BigInt(algo.g as number);
  const SH = (d: Uint8Array, s: Uint8Array) => H(s, d, s);
  const ph1 = SH(SH(new TextEncoder().encode(password), salt1), salt2);
  const x = big(SH(new Uint8Array(crypto.pbkdf2Sync(ph1, salt1, 100000, 64, 'sha512')), salt2));
  const a = big(new Uint8Array(crypto.randomBytes(256)));
  const A = pad(pow(g, a, p));
  const B = big(srpB);
  const k = big(H(pBytes, pad(g)));
  const u = big(H(A, srpB));
  const v = pow(g, x, p);
  const t = (((B - ((k * v) % p)) % p) + p) % p;
  const S = pow(t, a + u * x, p);
  const K = H(pad(S));
  const hp = H(pBytes);
  const hg = H(pad(g));
  const M1 = H(
    hp.map((x1, i) => x1 ^ hg[i]),
    H(salt1),
    H(salt2),
    A,
    srpB,
    K,
  );
  return { A, M1 };
}

async function toPasswordStep(k: Kit, key: bigint): Promise<void> {
  const sent = await sendCode(k, key, SEED_2FA.phone);
  const e = await k.fail(key, 'auth.signIn', {
    phone_number: SEED_2FA.phone,
    phone_code_hash: sent.phone_code_hash!,
    phone_code: '22222',
  });
  expect([e.code, e.type]).toEqual([401, 'SESSION_PASSWORD_NEEDED']);
  expect(k.world.authKeys.userOf(key)).toBeUndefined();
}

describe('2FA (SRP)', () => {
  it('signs in with the right password, computed by an independent SRP client', async () => {
    const k = makeKit();
    await toPasswordStep(k, 11n);
    const pwd = (await k.call(11n, 'account.getPassword')) as TlObject;
    expect(pwd.has_password).toBe(true);
    expect(pwd.hint).toBe(SEED_2FA.hint);
    const algo = pwd.current_algo as TlObject;
    expect(algo._).toBe('passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow');
    expect(algo.g).toBe(3);
    const { A, M1 } = clientSrp(algo, pwd.srp_B as Uint8Array, SEED_2FA.password);
    const auth = (await k.call(11n, 'auth.checkPassword', {
      password: { _: 'inputCheckPasswordSRP', srp_id: pwd.srp_id!, A, M1 },
    })) as TlObject;
    expect(auth._).toBe('auth.authorization');
    expect((auth.user as TlObject).first_name).toBe('Victor');
    expect(k.world.authKeys.userOf(11n)).toBe(k.world.users.byPhone(SEED_2FA.phone)!.id);
  });

  it('accepts the proof @mtproto/core computes (what the browser client sends)', async () => {
    const require = createRequire(import.meta.url);
    const Crypto = require('@mtproto/core/src/crypto') as new (envs: Record<string, unknown>) => {
      getSRPParams(p: {
        g: number;
        p: Uint8Array;
        salt1: Uint8Array;
        salt2: Uint8Array;
        gB: Uint8Array;
        password: string;
      }): Promise<{ A: Uint8Array; M1: Uint8Array }>;
    };
    const env = '@mtproto/core/envs/node/';
    const lib = new Crypto({
      SHA1: require(env + 'sha1'),
      SHA256: require(env + 'sha256'),
      PBKDF2: require(env + 'pbkdf2'),
      getRandomBytes: require(env + 'get-random-bytes'),
    });
    const k = makeKit();
    await toPasswordStep(k, 12n);
    // @mtproto/core does not left-pad A (or S) to 256 bytes (dependency-facts defect 2): ~1 in 128 of its proofs are
    // wrong for any server. Draw until A is full length; S's padding fails about 1 in 256 and is retried the same way.
    let ok = false;
    for (let attempt = 0; attempt < 8 && !ok; attempt++) {
      const pwd = (await k.call(12n, 'account.getPassword')) as TlObject;
      const algo = pwd.current_algo as TlObject;
      const r = await lib.getSRPParams({
        g: 3,
        p: algo.p as Uint8Array,
        salt1: algo.salt1 as Uint8Array,
        salt2: algo.salt2 as Uint8Array,
        gB: pwd.srp_B as Uint8Array,
        password: SEED_2FA.password,
      });
      if (r.A.length !== 256) continue;
      try {
        await k.call(12n, 'auth.checkPassword', {
          password: { _: 'inputCheckPasswordSRP', srp_id: pwd.srp_id!, A: r.A, M1: r.M1 },
        });
        ok = true;
      } catch {
        // a short S on the client side; draw again
      }
    }
    expect(ok).toBe(true);
    expect(k.world.authKeys.userOf(12n)).toBe(k.world.users.byPhone(SEED_2FA.phone)!.id);
  });

  it('rejects a wrong password with PASSWORD_HASH_INVALID and an unknown srp_id with SRP_ID_INVALID', async () => {
    const k = makeKit();
    await toPasswordStep(k, 13n);
    const pwd = (await k.call(13n, 'account.getPassword')) as TlObject;
    const wrong = clientSrp(pwd.current_algo as TlObject, pwd.srp_B as Uint8Array, 'not-the-password');
    const e1 = await k.fail(13n, 'auth.checkPassword', {
      password: { _: 'inputCheckPasswordSRP', srp_id: pwd.srp_id!, ...wrong },
    });
    expect([e1.code, e1.type]).toEqual([400, 'PASSWORD_HASH_INVALID']);
    const right = clientSrp(pwd.current_algo as TlObject, pwd.srp_B as Uint8Array, SEED_2FA.password);
    const e2 = await k.fail(13n, 'auth.checkPassword', {
      password: { _: 'inputCheckPasswordSRP', srp_id: (pwd.srp_id as bigint) + 1n, ...right },
    });
    expect([e2.code, e2.type]).toEqual([400, 'SRP_ID_INVALID']);
    expect(k.world.authKeys.userOf(13n)).toBeUndefined();
    // The right proof for the live srp_id still works after the failures.
    await k.call(13n, 'auth.checkPassword', {
      password: { _: 'inputCheckPasswordSRP', srp_id: pwd.srp_id!, ...right },
    });
    expect(k.world.authKeys.userOf(13n)).toBeDefined();
  });

  it('stores only salts and the verifier, never the password', () => {
    const k = makeKit();
    const row = k.world.db.prepare('SELECT * FROM users WHERE phone = ?').get(SEED_2FA.phone) as Record<
      string,
      unknown
    >;
    const dump = JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v));
    expect(dump).not.toContain(SEED_2FA.password);
    expect((row.pwd_verifier as Buffer).length).toBe(256);
  });
});

describe('how the code is sent: the dedicated test numbers (codeDelivery.ts)', () => {
  const allowCalls = { _: 'codeSettings', allow_flashcall: true, allow_missed_call: true };
  const send = (k: Kit, phone: string, codeSettings: TlObject = allowCalls) =>
    k.call(1n, 'auth.sendCode', {
      phone_number: phone,
      api_id: 1,
      api_hash: 'h',
      settings: codeSettings,
    }) as Promise<TlObject>;
  const typeOf = (sent: TlObject) => (sent.type as TlObject)._;

  it.each([
    ['9996610101', 'auth.sentCodeTypeApp', 'auth.codeTypeSms', 30],
    ['9996610102', 'auth.sentCodeTypeSms', 'auth.codeTypeCall', 60],
    ['9996610103', 'auth.sentCodeTypeCall', undefined, undefined],
    ['9996610104', 'auth.sentCodeTypeFlashCall', 'auth.codeTypeSms', 30],
    ['9996610105', 'auth.sentCodeTypeMissedCall', 'auth.codeTypeSms', 30],
    ['9996610106', 'auth.sentCodeTypeFragmentSms', undefined, undefined],
    ['9996610107', 'auth.sentCodeTypeFirebaseSms', 'auth.codeTypeSms', undefined],
    ['9996610108', 'auth.sentCodeTypeSetUpEmailRequired', undefined, undefined],
    ['9996610109', 'auth.sentCodeTypeEmailCode', undefined, undefined],
    ['9996610042', 'auth.sentCodeTypeApp', undefined, undefined],
  ])('%s starts with %s (next %s, timeout %s)', async (phone, type, next, timeout) => {
    const sent = await send(makeKit(), phone);
    expect(typeOf(sent)).toBe(type);
    expect((sent.next_type as TlObject | undefined)?._).toBe(next);
    expect(sent.timeout).toBe(timeout);
  });

  it('never places a flash or missed call for a client whose codeSettings do not allow it: SMS instead', async () => {
    const k = makeKit();
    expect(typeOf(await send(k, '9996610104', { _: 'codeSettings' }))).toBe('auth.sentCodeTypeSms');
    expect(typeOf(await send(k, '9996610105', { _: 'codeSettings', allow_flashcall: true }))).toBe(
      'auth.sentCodeTypeSms',
    );
  });

  it('auth.resendCode walks the chain (app → SMS → call), then SEND_CODE_UNAVAILABLE; the code stays the same', async () => {
    const k = makeKit();
    const phone = '9996610101';
    const hash = (await send(k, phone)).phone_code_hash as string;
    const resend = () =>
      k.call(1n, 'auth.resendCode', { phone_number: phone, phone_code_hash: hash }) as Promise<TlObject>;
    const sms = await resend();
    expect([typeOf(sms), (sms.next_type as TlObject)._, sms.phone_code_hash]).toEqual([
      'auth.sentCodeTypeSms',
      'auth.codeTypeCall',
      hash,
    ]);
    const call = await resend();
    expect([typeOf(call), call.next_type]).toEqual(['auth.sentCodeTypeCall', undefined]);
    expect((await k.fail(1n, 'auth.resendCode', { phone_number: phone, phone_code_hash: hash })).type).toBe(
      'SEND_CODE_UNAVAILABLE',
    );
    expect((await k.fail(1n, 'auth.resendCode', { phone_number: phone, phone_code_hash: 'nope' })).type).toBe(
      'PHONE_CODE_EXPIRED',
    );
    expect(
      (
        (await k.call(1n, 'auth.signIn', {
          phone_number: phone,
          phone_code_hash: hash,
          phone_code: '11111',
        })) as TlObject
      )._,
    ).toBe('auth.authorizationSignUpRequired');
  });

  it('auth.cancelCode ends the code: signing in with it is PHONE_CODE_EXPIRED', async () => {
    const k = makeKit();
    const hash = (await send(k, SEED_PEOPLE[1].phone)).phone_code_hash as string;
    expect(await k.call(1n, 'auth.cancelCode', { phone_number: SEED_PEOPLE[1].phone, phone_code_hash: hash })).toBe(
      true,
    );
    const e = await k.fail(1n, 'auth.signIn', {
      phone_number: SEED_PEOPLE[1].phone,
      phone_code_hash: hash,
      phone_code: '11111',
    });
    expect(e.type).toBe('PHONE_CODE_EXPIRED');
  });

  it('a flash call is answered with the calling number, a missed call with its last digits', async () => {
    const k = makeKit();
    const flash = await send(k, '9996610104');
    expect(flash.type).toEqual({ _: 'auth.sentCodeTypeFlashCall', pattern: '99966*****' });
    const wrong = await k.fail(1n, 'auth.signIn', {
      phone_number: '9996610104',
      phone_code_hash: flash.phone_code_hash!,
      phone_code: '11111',
    });
    expect(wrong.type).toBe('PHONE_CODE_INVALID');
    await k.call(1n, 'auth.signIn', {
      phone_number: '9996610104',
      phone_code_hash: flash.phone_code_hash!,
      phone_code: '9996611111',
    });
    const missed = await send(k, '9996610105');
    expect(missed.type).toEqual({ _: 'auth.sentCodeTypeMissedCall', prefix: '+99966', length: 5 });
    await k.call(1n, 'auth.signIn', {
      phone_number: '9996610105',
      phone_code_hash: missed.phone_code_hash!,
      phone_code: '11111',
    });
  });

  it('an email code is given as email_verification; a wrong one is EMAIL_CODE_INVALID', async () => {
    const k = makeKit();
    const sent = await send(k, '9996610109');
    expect(sent.type).toMatchObject({ email_pattern: 't**********@example.org', length: 5 });
    const base = { phone_number: '9996610109', phone_code_hash: sent.phone_code_hash! };
    expect((await k.fail(1n, 'auth.signIn', { ...base, phone_code: '11111' })).type).toBe('PHONE_CODE_EMPTY');
    const wrong = await k.fail(1n, 'auth.signIn', {
      ...base,
      email_verification: { _: 'emailVerificationCode', code: '22222' },
    });
    expect(wrong.type).toBe('EMAIL_CODE_INVALID');
    const ok = (await k.call(1n, 'auth.signIn', {
      ...base,
      email_verification: { _: 'emailVerificationCode', code: '11111' },
    })) as TlObject;
    expect(ok._).toBe('auth.authorizationSignUpRequired');
  });

  it('setting up a login email: account.sendVerifyEmailCode, account.verifyEmail → a code by email, then auth.signIn', async () => {
    const k = makeKit();
    const sent = await send(k, '9996610108');
    const purpose = {
      _: 'emailVerifyPurposeLoginSetup',
      phone_number: '9996610108',
      phone_code_hash: sent.phone_code_hash!,
    };
    expect((await k.fail(1n, 'account.sendVerifyEmailCode', { purpose, email: 'not an address' })).type).toBe(
      'EMAIL_INVALID',
    );
    const emailCode = (await k.call(1n, 'account.sendVerifyEmailCode', {
      purpose,
      email: 'ann@example.com',
    })) as TlObject;
    expect(emailCode).toEqual({ _: 'account.sentEmailCode', email_pattern: 'a***@example.com', length: 5 });
    const bad = await k.fail(1n, 'account.verifyEmail', {
      purpose,
      verification: { _: 'emailVerificationCode', code: '00000' },
    });
    expect(bad.type).toBe('EMAIL_CODE_INVALID');
    const verified = (await k.call(1n, 'account.verifyEmail', {
      purpose,
      verification: { _: 'emailVerificationCode', code: '11111' },
    })) as TlObject;
    expect(verified).toMatchObject({ _: 'account.emailVerifiedLogin', email: 'ann@example.com' });
    const loginCode = verified.sent_code as TlObject;
    expect(loginCode.type).toEqual({ _: 'auth.sentCodeTypeEmailCode', email_pattern: 'a***@example.com', length: 5 });
    const auth = (await k.call(1n, 'auth.signIn', {
      phone_number: '9996610108',
      phone_code_hash: loginCode.phone_code_hash!,
      email_verification: { _: 'emailVerificationCode', code: '11111' },
    })) as TlObject;
    expect(auth._).toBe('auth.authorizationSignUpRequired');
  });

  it('numbers …0110–…0199 sign up with terms of service, which help.acceptTermsOfService records', async () => {
    const k = makeKit();
    const sent = await send(k, '9996610150');
    const base = { phone_number: '9996610150', phone_code_hash: sent.phone_code_hash! };
    const required = (await k.call(1n, 'auth.signIn', { ...base, phone_code: '11111' })) as TlObject;
    const terms = required.terms_of_service as TlObject;
    expect(terms._).toBe('help.termsOfService');
    expect(terms.text).toMatch(/Terms of Service/);
    const auth = (await k.call(1n, 'auth.signUp', { ...base, first_name: 'Tess', last_name: '' })) as TlObject;
    expect(await k.call(1n, 'help.acceptTermsOfService', { id: terms.id as TlObject })).toBe(true);
    expect(Number((auth.user as TlObject).id)).toBeGreaterThan(0);
    const other = await send(k, '9996610042');
    expect(
      (
        (await k.call(2n, 'auth.signIn', {
          phone_number: '9996610042',
          phone_code_hash: other.phone_code_hash!,
          phone_code: '11111',
        })) as TlObject
      ).terms_of_service,
    ).toBeUndefined();
  });
});
