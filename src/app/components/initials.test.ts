import { describe, expect, it } from 'vitest';
import { initialsOf } from './initials';

describe('initialsOf', () => {
  it('takes the first letter of the first two words', () => {
    expect(initialsOf('tgcall demo')).toBe('TD');
    expect(initialsOf('Book Club of the month')).toBe('BC');
    expect(initialsOf('Alice')).toBe('A');
  });

  it('skips punctuation and emoji-only words, keeps non-Latin letters', () => {
    expect(initialsOf('🎉 Party — time')).toBe('PT');
    expect(initialsOf('«Клуб» книги')).toBe('КК');
    expect(initialsOf('   ')).toBe('?');
  });
});
