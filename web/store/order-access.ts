import type { OrderCredentials } from './api';

/*
 * What opens an order for a guest: its contact and query password. They are kept in this tab's
 * sessionStorage (never in the URL, which reaches history, logs and Referer headers), so the order
 * page can poll after the buyer comes back from the payment provider in the same tab. Closing the
 * tab forgets them; the lookup form asks again.
 */
const key = (orderNo: string) => `cardshop.order.${orderNo}`;

export function rememberOrder(orderNo: string, credentials: OrderCredentials): void {
  sessionStorage.setItem(key(orderNo), JSON.stringify({ contact: credentials.contact, queryPassword: credentials.queryPassword }));
}

export function orderCredentials(orderNo: string): OrderCredentials | null {
  try {
    const raw = sessionStorage.getItem(key(orderNo));
    return raw ? (JSON.parse(raw) as OrderCredentials) : null;
  } catch {
    return null;
  }
}

export function forgetOrder(orderNo: string): void {
  sessionStorage.removeItem(key(orderNo));
}

/** A guest's ticket token, shown once by the API: kept for this tab like the order's credentials. */
const ticketKey = (id: string) => `cardshop.ticket.${id}`;

export function rememberTicket(id: string, token: string): void {
  sessionStorage.setItem(ticketKey(id), token);
}

export function ticketToken(id: string): string | null {
  return sessionStorage.getItem(ticketKey(id));
}
