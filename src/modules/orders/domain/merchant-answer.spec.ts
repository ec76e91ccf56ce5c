import { MAX_ITEM_LENGTH, readMerchantAnswer } from './merchant-answer';

const ok = (items: unknown) => JSON.stringify({ items });

describe('readMerchantAnswer', () => {
  it('takes exactly `quantity` distinct non-blank strings from a 200 JSON answer', () => {
    expect(readMerchantAnswer(200, ok(['A-1', 'B-2']), 2)).toEqual({ ok: true, items: ['A-1', 'B-2'] });
    expect(readMerchantAnswer(200, JSON.stringify({ items: ['x'], note: 'extra fields are ignored' }), 1)).toEqual({ ok: true, items: ['x'] });
    expect(readMerchantAnswer(200, ok(['k'.repeat(MAX_ITEM_LENGTH)]), 1).ok).toBe(true);
  });

  it('refuses other statuses, quoting a refusal briefly but never a 2xx body', () => {
    expect(readMerchantAnswer(500, 'supplier down\n', 1)).toEqual({ ok: false, error: 'the merchant answered HTTP 500: supplier down' });
    expect(readMerchantAnswer(503, 'x'.repeat(500), 1)).toEqual({ ok: false, error: `the merchant answered HTTP 503: ${'x'.repeat(200)}…` });
    expect(readMerchantAnswer(302, '', 1)).toEqual({ ok: false, error: 'the merchant answered HTTP 302' });
    expect(readMerchantAnswer(201, ok(['SECRET-KEY']), 1)).toEqual({ ok: false, error: 'the merchant answered HTTP 201, not 200' });
  });

  it('refuses a body that is not the items list', () => {
    expect(readMerchantAnswer(200, '<html>ok</html>', 1)).toEqual({ ok: false, error: 'the answer is not JSON' });
    expect(readMerchantAnswer(200, '["a"]', 1)).toEqual({ ok: false, error: 'the answer has no "items" list' });
    expect(readMerchantAnswer(200, 'null', 1)).toEqual({ ok: false, error: 'the answer has no "items" list' });
    expect(readMerchantAnswer(200, '{"items":"a"}', 1)).toEqual({ ok: false, error: 'the answer has no "items" list' });
  });

  it('refuses the wrong number of items, non-strings, blanks, over-long and repeated items, without quoting them', () => {
    expect(readMerchantAnswer(200, ok(['SECRET-1']), 2)).toEqual({ ok: false, error: 'expected 2 items, got 1' });
    expect(readMerchantAnswer(200, ok(['SECRET-1', 'SECRET-2']), 1)).toEqual({ ok: false, error: 'expected 1 item, got 2' });
    expect(readMerchantAnswer(200, ok(['SECRET-1', 7]), 2)).toEqual({ ok: false, error: 'item 2 is not a string' });
    expect(readMerchantAnswer(200, ok(['  ']), 1)).toEqual({ ok: false, error: 'item 1 is empty' });
    expect(readMerchantAnswer(200, ok(['k'.repeat(MAX_ITEM_LENGTH + 1)]), 1)).toEqual({ ok: false, error: `item 1 is longer than ${MAX_ITEM_LENGTH} characters` });
    expect(readMerchantAnswer(200, ok(['SECRET-1', 'SECRET-1']), 2)).toEqual({ ok: false, error: 'item 2 repeats an earlier one' });
    for (const body of [ok(['SECRET-1']), ok(['SECRET-1', 'SECRET-1'])]) {
      const answer = readMerchantAnswer(200, body, 2);
      expect(answer.ok).toBe(false);
      expect(JSON.stringify(answer)).not.toContain('SECRET');
    }
  });
});
