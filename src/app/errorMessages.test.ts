import { describe, expect, it } from 'vitest';
import { isSignedOutError, messageForError } from './errorMessages';

const rpc = (code: number, type: string, seconds?: number) => ({ code, type, seconds });

describe('messageForError', () => {
  it('names each sign-in failure specifically', () => {
    expect(messageForError(rpc(400, 'PHONE_NUMBER_INVALID'))).toMatch(/phone number is not valid/);
    expect(messageForError(rpc(400, 'PHONE_CODE_INVALID'))).toMatch(/code is not right/);
    expect(messageForError(rpc(400, 'PHONE_CODE_EXPIRED'))).toMatch(/expired/);
    expect(messageForError(rpc(400, 'PASSWORD_HASH_INVALID'))).toMatch(/password is not right/);
  });

  it('says how long to wait on FLOOD_WAIT, from seconds or from the type', () => {
    expect(messageForError(rpc(420, 'FLOOD_WAIT_30', 30))).toBe('Too many attempts. Wait 30 seconds, then try again.');
    expect(messageForError(rpc(420, 'FLOOD_WAIT_1'))).toBe('Too many attempts. Wait 1 second, then try again.');
    expect(messageForError(rpc(420, 'FLOOD_WAIT_600'))).toBe('Too many attempts. Wait 10 minutes, then try again.');
    expect(messageForError(rpc(420, 'FLOOD_WAIT_7200'))).toBe('Too many attempts. Wait 2 hours, then try again.');
  });

  it('explains a network failure and a timeout', () => {
    expect(messageForError(rpc(-503, 'TIMEOUT'))).toMatch(/did not answer in time/);
    expect(messageForError(rpc(-1, 'SOCKET_CLOSED'))).toMatch(/Cannot reach the server/);
    expect(messageForError(new TypeError('Failed to fetch'))).toMatch(/Cannot reach the server/);
  });

  it('says a server with an untrusted key is not the one chosen, rather than "cannot reach"', () => {
    expect(messageForError(rpc(-500, 'SERVER_KEY_UNTRUSTED'))).toMatch(
      /could not prove it is the one chosen in Settings/,
    );
  });

  it('falls back to a generic sentence that still names the type', () => {
    expect(messageForError(rpc(400, 'SOMETHING_NEW'))).toBe('Something went wrong (SOMETHING_NEW). Try again.');
    expect(messageForError(rpc(500, 'INTERNAL'))).toMatch(/server had a problem/);
    expect(messageForError('boom')).toBe('Something went wrong. Try again.');
  });
});

describe('isSignedOutError', () => {
  it('recognises a dead session', () => {
    expect(isSignedOutError(rpc(401, 'AUTH_KEY_UNREGISTERED'))).toBe(true);
    expect(isSignedOutError(rpc(400, 'PHONE_CODE_INVALID'))).toBe(false);
    expect(isSignedOutError(new Error('x'))).toBe(false);
  });
});
