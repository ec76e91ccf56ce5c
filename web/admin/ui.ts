import { reactive } from 'vue';
import { ApiError } from '../shared/http';
import { language } from '../shared/i18n';
import { formatMoney, parseMoney } from '../shared/money';
import { t } from './messages';

/** One banner for the outcome of the last action: success or the API's own error message. */
export const notice = reactive({ kind: 'ok' as 'ok' | 'error', text: '', seq: 0 });

export function flash(kind: 'ok' | 'error', text: string): void {
  notice.kind = kind;
  notice.text = text;
  notice.seq += 1;
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

/** Runs an action and reports it; returns the result, or undefined when it failed (already shown). */
export async function run<T>(action: () => Promise<T>, success?: string): Promise<T | undefined> {
  try {
    const result = await action();
    if (success) flash('ok', success);
    return result;
  } catch (error) {
    flash('error', errorText(error));
    return undefined;
  }
}

export interface AskField {
  name: string;
  label: string;
  /** Minimum length; the API wants reasons of 3+ characters. */
  min?: number;
  multiline?: boolean;
  value?: string;
  optional?: boolean;
}

interface AskState {
  open: boolean;
  title: string;
  message: string;
  danger: boolean;
  confirm: string;
  fields: AskField[];
  values: Record<string, string>;
  resolve: ((values: Record<string, string> | null) => void) | null;
}

export const dialog = reactive<AskState>({ open: false, title: '', message: '', danger: false, confirm: '', fields: [], values: {}, resolve: null });

/**
 * Asks before an action: a reason (audited actions need one), other fields, or just "sure?" for a
 * destructive one. Resolves to the typed values, or null when cancelled.
 */
export function ask(options: { title: string; message?: string; fields?: AskField[]; danger?: boolean; confirm?: string }): Promise<Record<string, string> | null> {
  dialog.resolve?.(null);
  return new Promise((resolve) => {
    Object.assign(dialog, {
      open: true,
      title: options.title,
      message: options.message ?? '',
      danger: options.danger ?? false,
      confirm: options.confirm ?? t('common.confirm'),
      fields: options.fields ?? [],
      values: Object.fromEntries((options.fields ?? []).map((f) => [f.name, f.value ?? ''])),
      resolve,
    });
  });
}

export function reasonField(): AskField {
  return { name: 'reason', label: t('common.reason'), min: 3, multiline: true };
}

export function closeDialog(values: Record<string, string> | null): void {
  const resolve = dialog.resolve;
  dialog.open = false;
  dialog.resolve = null;
  resolve?.(values);
}

export function money(minor: number | null | undefined, currency = 'CNY'): string {
  if (minor === null || minor === undefined) return '—';
  return formatMoney(minor, currency, language.value);
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(language.value === 'zh' ? 'zh-CN' : 'en-US', { dateStyle: 'short', timeStyle: 'short' });
}

export function percent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** `<input type="datetime-local">` value ↔ ISO instant, in the admin's own time zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): string {
  return new Date(value).toISOString();
}

/** Minor units as a person types them ("19.90"), in the currency's own number of decimals. */
export function toMajorInput(minor: number, currency = 'CNY'): string {
  const unit = parseMoney('1', currency) ?? 100;
  const digits = Math.round(Math.log10(unit));
  return (minor / unit).toFixed(digits);
}
