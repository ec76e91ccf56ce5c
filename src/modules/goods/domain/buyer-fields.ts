import type { BuyerField, DeliveryType } from '../public/goods.contracts';
import { BUYER_FIELD_TYPES } from '../public/goods.contracts';
import type { RuleProblem } from './rule-problem';

export const MAX_BUYER_FIELDS = 20;
export const BUYER_FIELD_KEY = /^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$/;
export const MAX_BUYER_FIELD_KEY_LENGTH = 40;
export const MAX_BUYER_FIELD_LABEL_LENGTH = 100;

/**
 * Buyer fields ask the buyer for what the merchant needs to deliver by hand (a game account, a
 * phone number to top up), so they exist only on manually delivered goods. Keys are slugs, unique
 * within the goods item, because the answers are stored under them.
 */
export function buyerFieldProblems(deliveryType: DeliveryType, fields: readonly BuyerField[]): RuleProblem[] {
  if (fields.length === 0) return [];
  if (deliveryType !== 'manual') {
    return [{ field: 'buyerFields', message: 'buyer fields are allowed only on goods with deliveryType manual' }];
  }
  const problems: RuleProblem[] = [];
  if (fields.length > MAX_BUYER_FIELDS) {
    problems.push({ field: 'buyerFields', message: `at most ${MAX_BUYER_FIELDS} buyer fields are allowed` });
  }
  const seen = new Set<string>();
  fields.forEach((f, i) => {
    const at = `buyerFields.${i}`;
    if (!BUYER_FIELD_KEY.test(f.key) || f.key.length > MAX_BUYER_FIELD_KEY_LENGTH) {
      problems.push({
        field: `${at}.key`,
        message: `key must be a slug of lower-case letters and digits joined by - or _ (at most ${MAX_BUYER_FIELD_KEY_LENGTH} characters)`,
      });
    } else if (seen.has(f.key)) {
      problems.push({ field: `${at}.key`, message: `key "${f.key}" is used twice` });
    }
    seen.add(f.key);
    if (f.label.trim().length === 0 || f.label.length > MAX_BUYER_FIELD_LABEL_LENGTH) {
      problems.push({ field: `${at}.label`, message: `label must be 1-${MAX_BUYER_FIELD_LABEL_LENGTH} characters, not blank` });
    }
    if (!BUYER_FIELD_TYPES.includes(f.type)) {
      problems.push({ field: `${at}.type`, message: `type must be one of ${BUYER_FIELD_TYPES.join(', ')}` });
    }
  });
  return problems;
}
