import type { BuyerField } from '../../goods';

/** A goods item has at most 20 buyer fields (goods' own limit), so more answers cannot all be known. */
export const MAX_BUYER_ANSWERS = 20;
export const MAX_ANSWER_LENGTH = 200;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 -]{6,20}$/;
const NUMBER = /^[0-9]+$/;

/** One answer that is refused: the field's key and why. Never carries the answer itself (buyer data). */
export interface AnswerProblem {
  field: string;
  message: string;
}

export type AnswersCheck = { ok: true; answers: Record<string, string> } | { ok: false; problems: AnswerProblem[] };

/**
 * Checks the buyer's answers against the goods item's fields: every required field answered
 * (blank counts as missing), no key the goods does not ask for, each value of its field's type.
 * Answers are stored trimmed; an optional field left blank is left out.
 */
export function checkBuyerAnswers(fields: readonly BuyerField[], given: Record<string, unknown> | undefined): AnswersCheck {
  const raw = given ?? {};
  const problems: AnswerProblem[] = [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const keys = Object.keys(raw);
  if (keys.length > MAX_BUYER_ANSWERS) {
    return { ok: false, problems: [{ field: 'buyerAnswers', message: `at most ${MAX_BUYER_ANSWERS} answers` }] };
  }
  for (const key of keys) {
    if (!byKey.has(key)) {
      problems.push({ field: key, message: fields.length === 0 ? 'this goods item asks nothing of the buyer' : 'not a field of this goods item' });
    }
  }
  const answers: Record<string, string> = {};
  for (const field of fields) {
    const value = Object.hasOwn(raw, field.key) ? raw[field.key] : undefined;
    if (value !== undefined && typeof value !== 'string') {
      problems.push({ field: field.key, message: `${field.label}: must be text` });
      continue;
    }
    const text = (value ?? '').trim();
    if (text === '') {
      if (field.required) problems.push({ field: field.key, message: `${field.label}: required` });
      continue;
    }
    const problem = typeProblem(field, text);
    if (problem) problems.push({ field: field.key, message: `${field.label}: ${problem}` });
    else answers[field.key] = text;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, answers };
}

function typeProblem(field: BuyerField, text: string): string | null {
  if (text.length > MAX_ANSWER_LENGTH) return `at most ${MAX_ANSWER_LENGTH} characters`;
  switch (field.type) {
    case 'email':
      return EMAIL.test(text) ? null : 'must be an e-mail address';
    case 'phone':
      return PHONE.test(text) ? null : 'must be a phone number (digits, spaces, -, an optional leading +)';
    case 'number':
      return NUMBER.test(text) ? null : 'must be digits only';
    case 'text':
      return null;
  }
}
