import { ref } from 'vue';

export type Language = 'zh' | 'en';
export type Messages = Record<string, { zh: string; en: string }>;

const STORAGE_KEY = 'cardshop.language';

/** The browser's choice unless the person switched: Chinese for zh-*, English otherwise. */
function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'zh' || saved === 'en') return saved;
  return (navigator.languages ?? [navigator.language]).some((l) => l.toLowerCase().startsWith('zh')) ? 'zh' : 'en';
}

export const language = ref<Language>(initialLanguage());
document.documentElement.lang = language.value;

export function setLanguage(next: Language): void {
  language.value = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}

/**
 * A translator over one page's messages: t('checkout.pay') or t('stock.left', { n: 3 }) with `{n}`
 * placeholders. A missing key shows the key itself, so it is seen, not hidden.
 */
export function translator(messages: Messages) {
  return (key: string, params: Record<string, string | number> = {}): string => {
    const entry = messages[key];
    const text = entry ? entry[language.value] : key;
    return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
  };
}
