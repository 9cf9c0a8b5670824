import { describe, expect, it } from 'vitest';
import { codeStepText, countdownText, nextDeliveryLabel } from './codeDeliveryText';
import { messageForError } from './errorMessages';

describe('codeStepText', () => {
  const phone = '9996610101';
  it('says where each kind of code went and what to type', () => {
    expect(codeStepText({ kind: 'app', length: 5 }, phone)).toEqual({
      lead: 'We sent the code to the Telegram app where +9996610101 is signed in: look for a message from Telegram.',
      fieldLabel: 'Code',
    });
    expect(codeStepText({ kind: 'sms', length: 5 }, phone).lead).toBe('We sent the code by SMS to +9996610101.');
    expect(codeStepText({ kind: 'call', length: 5 }, phone).lead).toMatch(
      /^We are calling \+9996610101: a voice will read out the code\.$/,
    );
    expect(codeStepText({ kind: 'flashCall', pattern: '99966*****' }, phone)).toMatchObject({
      lead: expect.stringContaining('+99966*****') as unknown,
      fieldLabel: 'Number that called',
    });
    expect(codeStepText({ kind: 'missedCall', prefix: '+99966', length: 5 }, phone)).toMatchObject({
      lead: expect.stringContaining('from a number starting with +99966. Enter the last 5 digits') as unknown,
      fieldLabel: 'Last 5 digits',
    });
    expect(codeStepText({ kind: 'email', emailPattern: 'a***@b.org', length: 5 }, phone)).toMatchObject({
      lead: 'We sent the code to your email a***@b.org.',
      fieldLabel: 'Code from the email',
    });
    expect(
      codeStepText({ kind: 'fragmentSms', url: 'https://fragment.com/number/1/code', length: 5 }, phone),
    ).toMatchObject({
      link: { href: 'https://fragment.com/number/1/code', label: 'Open the code on Fragment' },
    });
    expect(codeStepText({ kind: 'firebaseSms', length: 6 }, phone)).toMatchObject({
      lead: expect.stringContaining('Firebase') as unknown,
      fieldLabel: null,
    });
  });

  it('labels the other ways and counts down whole seconds', () => {
    expect(nextDeliveryLabel('sms')).toBe('Send the code by SMS');
    expect(nextDeliveryLabel('call')).toBe('Call me with the code');
    expect(nextDeliveryLabel('missedCall')).toBe('Send the code by a missed call');
    expect(nextDeliveryLabel('flashCall')).toBe('Send the code by a flash call');
    expect(nextDeliveryLabel('fragmentSms')).toBe('Send the code via Fragment');
    expect(countdownText(30_000)).toBe('0:30');
    expect(countdownText(59_001)).toBe('1:00');
    expect(countdownText(1)).toBe('0:01');
    expect(countdownText(-5)).toBe('0:00');
  });

  it('has a sentence for each error of the new paths', () => {
    expect(messageForError({ code: 400, type: 'SEND_CODE_UNAVAILABLE' })).toMatch(/no other way/);
    expect(messageForError({ code: 400, type: 'EMAIL_CODE_INVALID' })).toMatch(/code from the email is not right/);
    expect(messageForError({ code: 400, type: 'EMAIL_INVALID' })).toMatch(/email address is not valid/);
  });
});
