import type { BuyerField } from '../../goods';
import { checkBuyerAnswers, MAX_ANSWER_LENGTH } from './buyer-answers';

const fields: BuyerField[] = [
  { key: 'account', label: 'Game account', type: 'number', required: true },
  { key: 'email', label: 'E-mail', type: 'email', required: false },
  { key: 'phone', label: 'Phone', type: 'phone', required: false },
  { key: 'note', label: 'Note', type: 'text', required: false },
];

const problemFields = (r: ReturnType<typeof checkBuyerAnswers>) => (r.ok ? [] : r.problems.map((p) => p.field));

describe('checkBuyerAnswers', () => {
  it('accepts valid answers, trimmed, and leaves out blank optional ones', () => {
    expect(checkBuyerAnswers(fields, { account: ' 12345 ', email: 'a@b.co', phone: '+86 138-0000-0000', note: '' })).toEqual({
      ok: true,
      answers: { account: '12345', email: 'a@b.co', phone: '+86 138-0000-0000' },
    });
  });

  it('refuses a missing or blank required field', () => {
    expect(problemFields(checkBuyerAnswers(fields, {}))).toEqual(['account']);
    expect(problemFields(checkBuyerAnswers(fields, undefined))).toEqual(['account']);
    expect(problemFields(checkBuyerAnswers(fields, { account: '   ' }))).toEqual(['account']);
  });

  it('refuses keys the goods does not ask for', () => {
    expect(problemFields(checkBuyerAnswers(fields, { account: '1', server: 'eu' }))).toEqual(['server']);
    expect(problemFields(checkBuyerAnswers([], { account: '1' }))).toEqual(['account']);
  });

  it('accepts no answers for goods without fields', () => {
    expect(checkBuyerAnswers([], undefined)).toEqual({ ok: true, answers: {} });
    expect(checkBuyerAnswers([], {})).toEqual({ ok: true, answers: {} });
  });

  it.each([
    ['account', '12a45'],
    ['email', 'not-an-email'],
    ['phone', '12'],
    ['phone', 'call me'],
  ])('refuses %s = %p by its type', (key, value) => {
    expect(problemFields(checkBuyerAnswers(fields, { account: '1', [key]: value }))).toEqual([key]);
  });

  it('refuses a value that is not text or too long', () => {
    expect(problemFields(checkBuyerAnswers(fields, { account: 12345 }))).toEqual(['account']);
    expect(problemFields(checkBuyerAnswers(fields, { account: '1', note: 'x'.repeat(MAX_ANSWER_LENGTH + 1) }))).toEqual(['note']);
  });

  it('refuses more than 20 answers', () => {
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'x']));
    expect(problemFields(checkBuyerAnswers(fields, many))).toEqual(['buyerAnswers']);
  });

  it('never repeats the answer in its messages', () => {
    const r = checkBuyerAnswers(fields, { account: 'secret-ish-987', email: 'oops' });
    expect(JSON.stringify(r)).not.toContain('secret-ish-987');
    expect(JSON.stringify(r)).not.toContain('oops');
  });
});
