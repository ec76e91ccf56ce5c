import type { Language } from './email-kinds';

/**
 * An e-mail as a list of blocks, written once and rendered twice: as plain text and as simple HTML.
 * Templates never write markup themselves: every piece of text goes through `escapeHtml` here, so
 * nothing a buyer, a goods title or an event carries can inject markup into the HTML part.
 */
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'facts'; rows: Array<[label: string, value: string]> }
  | { kind: 'codes'; title: string; codes: string[] }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'heading'; text: string };

export interface MessageDraft {
  language: Language;
  subject: string;
  blocks: Block[];
  /** The last line (the shop's name): plain text in both parts. */
  signature: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A header is one line: line breaks in a subject would end it (nodemailer encodes the rest). */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}

const isWebLink = (url: string) => /^https?:\/\//i.test(url);

export function renderMessage(draft: MessageDraft): RenderedEmail {
  return { subject: oneLine(draft.subject), text: renderText(draft), html: renderHtml(draft) };
}

function renderText(draft: MessageDraft): string {
  const colon = draft.language === 'zh' ? '：' : ': ';
  const parts = draft.blocks.map((b) => {
    switch (b.kind) {
      case 'heading':
        return b.text;
      case 'paragraph':
        return b.text;
      case 'facts':
        return b.rows.map(([label, value]) => `${label}${colon}${value}`).join('\n');
      case 'codes':
        return [b.title, ...b.codes.map((c) => `    ${c}`)].join('\n');
      case 'link':
        return `${b.label}${colon}${b.url}`;
    }
  });
  return `${[...parts, `-- \n${draft.signature}`].join('\n\n')}\n`;
}

function renderHtml(draft: MessageDraft): string {
  const colon = draft.language === 'zh' ? '：' : ': ';
  const body = draft.blocks.map((b) => {
    switch (b.kind) {
      case 'heading':
        return `<h2 style="font-size:18px;margin:0 0 12px">${escapeHtml(b.text)}</h2>`;
      case 'paragraph':
        return `<p style="margin:0 0 12px">${escapeHtml(b.text)}</p>`;
      case 'facts':
        return (
          '<table style="border-collapse:collapse;margin:0 0 12px">' +
          b.rows
            .map(([label, value]) => `<tr><td style="padding:2px 12px 2px 0;color:#666">${escapeHtml(label)}</td><td style="padding:2px 0">${escapeHtml(value)}</td></tr>`)
            .join('') +
          '</table>'
        );
      case 'codes':
        return (
          `<p style="margin:0 0 4px">${escapeHtml(b.title)}</p>` +
          '<ul style="margin:0 0 12px;padding-left:20px">' +
          b.codes.map((c) => `<li><code style="font-size:15px;background:#f4f4f4;padding:2px 4px">${escapeHtml(c)}</code></li>`).join('') +
          '</ul>'
        );
      case 'link':
        // Only web links become anchors; anything else is shown as text.
        return isWebLink(b.url)
          ? `<p style="margin:0 0 12px">${escapeHtml(b.label)}${colon}<a href="${escapeHtml(b.url)}">${escapeHtml(b.url)}</a></p>`
          : `<p style="margin:0 0 12px">${escapeHtml(b.label)}${colon}${escapeHtml(b.url)}</p>`;
    }
  });
  const lang = draft.language === 'zh' ? 'zh-CN' : 'en';
  return (
    `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(oneLine(draft.subject))}</title></head>` +
    '<body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;line-height:1.5;color:#222">' +
    body.join('') +
    `<p style="margin:24px 0 0;color:#888">${escapeHtml(draft.signature)}</p>` +
    '</body></html>'
  );
}
