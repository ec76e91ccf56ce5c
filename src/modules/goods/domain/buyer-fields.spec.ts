import type { BuyerField } from '../public/goods.contracts';
import { buyerFieldProblems } from './buyer-fields';

const account: BuyerField = { key: 'game_account', label: 'Game account', type: 'text', required: true };

describe('buyerFieldProblems', () => {
  it('accepts well-formed fields on manual goods and no fields on any goods', () => {
    expect(buyerFieldProblems('manual', [account, { key: 'phone-no', label: 'Phone', type: 'phone', required: false }])).toEqual([]);
    expect(buyerFieldProblems('auto', [])).toEqual([]);
  });

  it('refuses any buyer field on auto-delivery goods', () => {
    expect(buyerFieldProblems('auto', [account])).toEqual([
      { field: 'buyerFields', message: expect.stringContaining('only on goods with deliveryType manual') },
    ]);
  });

  it('refuses keys that are not slugs, duplicate keys, blank labels and unknown types', () => {
    const problems = buyerFieldProblems('manual', [
      account,
      { ...account, label: 'Again' },
      { key: 'Bad Key', label: 'x', type: 'text', required: false },
      { key: 'qq', label: '   ', type: 'date' as never, required: false },
    ]);
    expect(problems.map((p) => p.field)).toEqual([
      'buyerFields.1.key',
      'buyerFields.2.key',
      'buyerFields.3.label',
      'buyerFields.3.type',
    ]);
  });
});
