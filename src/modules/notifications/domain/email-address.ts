/** Longest address SMTP carries (RFC 5321: a 256-octet path, less the angle brackets). */
const MAX_ADDRESS = 254;
/** local@label.label...: no spaces, brackets or separators; a domain of two or more non-empty labels. */
const ADDRESS = /^[^\s@<>(),;:"[\]\\]+@(?:[^\s@<>(),;:"[\]\\.]+\.)+[^\s@<>(),;:"[\]\\.]+$/;

/**
 * The e-mail address in an order's contact, or null when the contact is something else (a phone
 * number, a QQ number, a chat handle): those buyers get no e-mail.
 */
export function emailAddressOf(contact: string): string | null {
  const address = contact.trim();
  return address.length <= MAX_ADDRESS && ADDRESS.test(address) ? address : null;
}

/** The addresses of a comma-separated list (MERCHANT_ALERT_EMAILS), each checked, duplicates dropped. */
export function addressListOf(list: string | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of (list ?? '').split(',')) {
    const address = emailAddressOf(part);
    if (!address || seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    out.push(address);
  }
  return out;
}

export interface Sender {
  name: string;
  address: string;
}

/**
 * The sender of every e-mail from MAIL_FROM (`address` or `Name <address>`); unset, the shop's name
 * at no-reply@ the host buyers reach the shop at.
 */
export function senderOf(mailFrom: string | undefined, shopName: string, publicBaseUrl: string): Sender {
  const text = mailFrom?.trim();
  if (text) {
    const named = /^(.*)<([^<>]+)>$/.exec(text);
    if (named) return { name: named[1].trim().replace(/^"(.*)"$/, '$1') || shopName, address: named[2].trim() };
    return { name: shopName, address: text };
  }
  let host = 'localhost';
  try {
    host = new URL(publicBaseUrl).hostname || host;
  } catch {
    // A malformed base URL is refused by the configuration; localhost is only a fallback.
  }
  return { name: shopName, address: `no-reply@${host}` };
}

/** The domain part of an address: the right-hand side of our Message-IDs. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
