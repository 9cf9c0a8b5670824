// Every result and pushed update the API produces in a broad scenario must encode with the layer-158 codec as the
// method's declared result type, and decode back with every field the handler set: this catches misspelt fields,
// wrong types and missing required fields, which the codec would otherwise drop or reject at runtime.
import { describe, expect, it } from 'vitest';
import {
  TlReader,
  decodeObject,
  decodeResult,
  encodeObject,
  encodeResult,
  type TlValue as CodecValue,
} from '../tl/codec';
import { makeKit } from './apiTestKit';
import type { TlObject, TlValue } from './types';

/** Each field the handler set (not undefined / false) is present and equal after the round trip. */
function expectSubset(original: TlValue, decoded: CodecValue, at: string): void {
  if (Array.isArray(original)) {
    expect(Array.isArray(decoded), at).toBe(true);
    const d = decoded as CodecValue[];
    expect(d.length, at).toBe(original.length);
    original.forEach((v, i) => expectSubset(v, d[i], `${at}[${i}]`));
    return;
  }
  if (original instanceof Uint8Array) {
    expect(decoded, at).toEqual(original);
    return;
  }
  if (original !== null && typeof original === 'object') {
    const d = decoded as Record<string, CodecValue>;
    expect(d?._, at).toBe(original._);
    for (const [k, v] of Object.entries(original)) {
      if (v === undefined || v === false || k === '_') continue;
      expect(k in d, `${at}.${k} was dropped by the encoder (not in the schema?)`).toBe(true);
      expectSubset(v, d[k], `${at}.${k}`);
    }
    return;
  }
  if (typeof original === 'number' && typeof decoded === 'bigint') {
    expect(decoded, at).toBe(BigInt(original));
    return;
  }
  expect(decoded, at).toEqual(original);
}

function roundTrip(method: string, result: TlValue): void {
  const bytes = encodeResult(method, result);
  const back = decodeResult(method, new TlReader(bytes));
  expectSubset(result, back, method);
}

describe('API results encode as layer 158', () => {
  it('round-trips a broad scenario', async () => {
    const k = makeKit();
    const invoke = async (key: bigint, method: string, params: Record<string, TlValue> = {}) => {
      const r = await k.call(key, method, params);
      roundTrip(method, r);
      return r;
    };
    const settings = { _: 'codeSettings' };
    await invoke(1n, 'help.getConfig');
    await invoke(1n, 'help.getNearestDc');
    await invoke(1n, 'help.getAppConfig', { hash: 0 });
    const sent = (await invoke(1n, 'auth.sendCode', {
      phone_number: '9996610001',
      api_id: 1,
      api_hash: 'h',
      settings,
    })) as TlObject;
    await invoke(1n, 'auth.signIn', {
      phone_number: '9996610001',
      phone_code_hash: sent.phone_code_hash!,
      phone_code: '11111',
    });
    const sent2 = (await invoke(2n, 'auth.sendCode', {
      phone_number: '9996631111',
      api_id: 1,
      api_hash: 'h',
      settings,
    })) as TlObject;
    await invoke(2n, 'auth.signIn', {
      phone_number: '9996631111',
      phone_code_hash: sent2.phone_code_hash!,
      phone_code: '33333',
    });
    await invoke(2n, 'auth.signUp', {
      phone_number: '9996631111',
      phone_code_hash: sent2.phone_code_hash!,
      first_name: 'Enc',
      last_name: 'Oder',
    });
    const sent3 = (await invoke(3n, 'auth.sendCode', {
      phone_number: '9996620013',
      api_id: 1,
      api_hash: 'h',
      settings,
    })) as TlObject;
    await k.fail(3n, 'auth.signIn', {
      phone_number: '9996620013',
      phone_code_hash: sent3.phone_code_hash!,
      phone_code: '22222',
    });
    await invoke(3n, 'account.getPassword');
    await invoke(1n, 'account.getPassword');

    const bob = k.world.users.byPhone('9996610002')!;
    const bobInput = { _: 'inputUser', user_id: BigInt(bob.id), access_hash: bob.accessHash };
    await invoke(1n, 'users.getUsers', { id: [{ _: 'inputUserSelf' }, bobInput] });
    await invoke(1n, 'users.getFullUser', { id: bobInput });
    await invoke(1n, 'contacts.getContacts', { hash: 0n });
    await invoke(1n, 'contacts.getStatuses');
    await invoke(1n, 'contacts.importContacts', {
      contacts: [{ _: 'inputPhoneContact', client_id: 1n, phone: '9996631111', first_name: 'E', last_name: '' }],
    });
    await invoke(1n, 'contacts.search', { q: 'a', limit: 20 });
    await invoke(1n, 'contacts.resolveUsername', { username: 'bob_baker' });
    await invoke(1n, 'contacts.resolveUsername', { username: 'tgcall_demo' });
    await invoke(1n, 'account.checkUsername', { username: 'alice_two' });
    await invoke(1n, 'account.updateUsername', { username: 'alice_two' });
    await invoke(1n, 'account.updateProfile', { first_name: 'Alicia' });
    await invoke(1n, 'account.updateStatus', { offline: false });
    await invoke(1n, 'messages.getDialogs', {
      offset_date: 0,
      offset_id: 0,
      offset_peer: { _: 'inputPeerEmpty' },
      limit: 2,
      hash: 0n,
    });
    await invoke(1n, 'messages.getDialogs', {
      offset_date: 0,
      offset_id: 0,
      offset_peer: { _: 'inputPeerEmpty' },
      limit: 100,
      hash: 0n,
    });
    const created = (await invoke(1n, 'messages.createChat', { users: [bobInput], title: 'Enc group' })) as TlObject;
    const chatId = (created.chats as TlObject[])[0].id as bigint;
    const newcomer = k.world.users.byPhone('9996631111')!;
    await invoke(1n, 'messages.addChatUser', {
      chat_id: chatId,
      user_id: { _: 'inputUser', user_id: BigInt(newcomer.id), access_hash: newcomer.accessHash },
      fwd_limit: 0,
    });
    await invoke(1n, 'messages.getFullChat', { chat_id: chatId });
    await invoke(1n, 'messages.getChats', { id: [chatId] });
    await invoke(1n, 'messages.sendMessage', {
      peer: { _: 'inputPeerChat', chat_id: chatId },
      message: 'hi all',
      random_id: 3n,
    });
    await invoke(1n, 'messages.getHistory', {
      peer: { _: 'inputPeerChat', chat_id: chatId },
      offset_id: 0,
      offset_date: 0,
      add_offset: 0,
      limit: 10,
      max_id: 0,
      min_id: 0,
      hash: 0n,
    });
    await invoke(1n, 'messages.readHistory', { peer: { _: 'inputPeerChat', chat_id: chatId }, max_id: 0 });
    const mg = (await invoke(1n, 'channels.createChannel', {
      megagroup: true,
      title: 'Enc mg',
      about: '',
    })) as TlObject;
    const ch = (mg.chats as TlObject[])[0];
    const input = { _: 'inputChannel', channel_id: ch.id!, access_hash: ch.access_hash! };
    await invoke(1n, 'channels.createChannel', { broadcast: true, title: 'Enc bc', about: 'b' });
    await invoke(1n, 'channels.inviteToChannel', { channel: input, users: [bobInput] });
    await invoke(1n, 'channels.getFullChannel', { channel: input });
    await invoke(1n, 'channels.getChannels', { id: [input] });
    await invoke(1n, 'channels.getParticipants', {
      channel: input,
      filter: { _: 'channelParticipantsRecent' },
      offset: 0,
      limit: 10,
      hash: 0n,
    });
    await invoke(1n, 'messages.getHistory', {
      peer: { _: 'inputPeerChannel', channel_id: ch.id!, access_hash: ch.access_hash! },
      offset_id: 0,
      offset_date: 0,
      add_offset: 0,
      limit: 10,
      max_id: 0,
      min_id: 0,
      hash: 0n,
    });
    const demo = k.world.channels.byUsername('tgcall_news')!;
    await k.signIn(4n, '9996630000');
    await invoke(4n, 'channels.joinChannel', {
      channel: { _: 'inputChannel', channel_id: BigInt(demo.id), access_hash: demo.accessHash },
    });
    const st = (await invoke(4n, 'updates.getState')) as TlObject;
    await invoke(4n, 'updates.getDifference', { pts: 0, date: 0, qts: 0 });
    await invoke(4n, 'updates.getDifference', { pts: st.pts!, date: st.date!, qts: 0 });
    await invoke(1n, 'updates.getDifference', { pts: 1, date: 0, qts: 0, pts_total_limit: 1 });
    await invoke(1n, 'updates.getChannelDifference', {
      channel: input,
      filter: { _: 'channelMessagesFilterEmpty' },
      pts: 1,
      limit: 10,
    });
    await invoke(1n, 'updates.getChannelDifference', {
      channel: input,
      filter: { _: 'channelMessagesFilterEmpty' },
      pts: 100,
      limit: 10,
    });
    await invoke(1n, 'contacts.deleteContacts', { id: [bobInput] });
    await invoke(1n, 'auth.logOut');

    expect(k.pushed.length).toBeGreaterThan(5);
    for (const p of k.pushed) {
      const back = decodeObject(new TlReader(encodeObject(p.updates)));
      expectSubset(p.updates, back, `push ${p.updates._}`);
    }
  });
});
