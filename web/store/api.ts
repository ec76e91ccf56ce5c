import { api } from '../shared/http';
import { memberApi, session } from './session';
import { visitorId } from './visitor';

/** The shapes the public REST API answers with (the modules' application/*-views.ts files). */
export interface Category {
  id: string;
  name: string;
  slug: string;
  sortOrder: number;
}

export type StockStatus = 'in_stock' | 'out_of_stock' | 'unlimited' | 'manual' | 'on_demand' | 'unknown';

export interface Goods {
  id: string;
  categoryId: string;
  title: string;
  priceMinor: number;
  currency: string;
  deliveryType: 'auto' | 'manual' | 'dynamic';
  minPerOrder: number;
  maxPerOrder: number | null;
  wholesaleTiers: Array<{ minQuantity: number; unitPriceMinor: number }>;
  stock: number | null;
  stockStatus: StockStatus;
}

/** Something the buyer fills in at checkout for goods the merchant delivers by hand (e.g. a game account). */
export interface BuyerField {
  key: string;
  label: string;
  type: 'text' | 'email' | 'phone' | 'number';
  required: boolean;
}

export interface GoodsDetail extends Goods {
  /** Markdown, shown as text (never as HTML). */
  description: string;
  buyerFields?: BuyerField[];
}

export interface Adjustment {
  amountMinor: number;
  source: string;
  reason: string;
}

export interface Quote {
  goodsId: string;
  quantity: number;
  currency: string;
  unitPriceMinor: number;
  subtotalMinor: number;
  adjustmentMinor: number;
  totalMinor: number;
  adjustments: Adjustment[];
  couponCode: string | null;
  promotionNote: string | null;
}

export interface PlacedOrder extends Omit<Quote, 'goodsId' | 'couponCode'> {
  orderNo: string;
  status: string;
  goodsTitle: string;
  expiresAt: string;
  payment: { paymentId: string; channel: string; payUrl: string | null; qrContent: string | null };
}

export interface BuyerOrder {
  orderNo: string;
  status: OrderStatus;
  goodsTitle: string;
  deliveryType: 'auto' | 'manual' | 'dynamic';
  quantity: number;
  totalMinor: number;
  currency: string;
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
  deliveredAt: string | null;
  /** The buyer's answers to the goods' fields, by key. */
  buyerAnswers: Record<string, string>;
  /** Manual goods: the merchant's note once delivered. */
  fulfilmentNote: string | null;
  payment: { channel: string | null; payUrl: string | null; qrContent: string | null } | null;
  keys: Array<{ keyId: string; secret: string }>;
}

export type OrderStatus =
  | 'pending_payment'
  | 'paid'
  | 'paid_awaiting_stock'
  | 'awaiting_dynamic_delivery'
  | 'delivered'
  | 'expired'
  | 'cancelled'
  | 'refunded';

export interface Page<T> {
  items: T[];
  total: number;
}

export interface OrderCredentials {
  contact: string;
  queryPassword: string;
}

export const catalogue = {
  categories: () => api<Page<Category>>('/api/categories?limit=100'),
  goods: (categoryId?: string) => api<Page<Goods>>(`/api/goods?limit=100${categoryId ? `&categoryId=${encodeURIComponent(categoryId)}` : ''}`),
  detail: (id: string) => api<GoodsDetail>(`/api/goods/${encodeURIComponent(id)}`),
};

/**
 * Quotes and orders carry the member's token when someone is signed in (their level's price), and
 * the visitor id the A/B experiments bucket on.
 */
function asBuyer<T>(path: string, body: Record<string, unknown>, idempotencyKey?: string): Promise<T> {
  const payload = { ...body, visitorId: visitorId() };
  return session.signedIn ? memberApi<T>(path, { body: payload, idempotencyKey }) : api<T>(path, { body: payload, idempotencyKey });
}

/** An enabled payment channel a buyer may pick (GET /api/payments/channels): names and limits only. */
export interface PaymentChannel {
  code: string;
  displayName: string;
  provider: string;
  currency: string;
  minAmountMinor: number;
  maxAmountMinor: number | null;
}

export const payments = {
  channels: (currency: string, amountMinor: number) =>
    api<PaymentChannel[]>(`/api/payments/channels?currency=${encodeURIComponent(currency)}&amountMinor=${amountMinor}`),
};

export const orders = {
  quote: (input: { goodsId: string; quantity: number; couponCode?: string; contact?: string }) => asBuyer<Quote>('/api/orders/quote', input),
  place: (input: Record<string, unknown>, idempotencyKey: string) => asBuyer<PlacedOrder>('/api/orders', input, idempotencyKey),
  // The credentials go in the body: URLs end up in logs and browser history.
  lookup: (orderNo: string, credentials: OrderCredentials) =>
    api<BuyerOrder>(`/api/orders/${encodeURIComponent(orderNo)}/lookup`, { body: credentials }),
  mine: (orderNo: string) => memberApi<BuyerOrder>(`/api/me/orders/${encodeURIComponent(orderNo)}`),
  myList: () => memberApi<Page<BuyerOrder>>('/api/me/orders?limit=50'),
  claim: (orderNo: string, credentials: OrderCredentials) => memberApi<BuyerOrder>('/api/me/orders/claim', { body: { orderNo, ...credentials } }),
};

export interface Profile {
  id: string;
  email: string;
  displayName: string | null;
  points: number;
  lifetimeSpendMinor: number;
  level: { id: string; name: string; discountPercent: number; benefits: string } | null;
  nextLevel: { id: string; name: string; thresholdKind: 'spend' | 'points'; threshold: number; missing: number } | null;
}

export interface Team {
  code: string;
  link: string;
  currency: string;
  referrer: { code: string } | null;
  rank: { name: string } | null;
  team: { directCount: number; totalSize: number; salesMinor: number };
}

export const account = {
  profile: () => memberApi<Profile>('/api/me'),
  team: () => memberApi<Team>('/api/me/team?limit=1'),
};

export type TicketCategory = 'not_received' | 'key_invalid' | 'wrong_item' | 'refund_request' | 'other';

export interface TicketSummary {
  id: string;
  subject: string;
  category: TicketCategory;
  status: 'open' | 'pending' | 'resolved' | 'closed';
  orderNo: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Ticket extends TicketSummary {
  messages: Array<{ id: string; from: 'buyer' | 'support'; body: string; createdAt: string }>;
}

/** A guest reaches a ticket with the token handed out once when it was opened; a member with their sign-in. */
export type TicketKey = { kind: 'guest'; token: string } | { kind: 'member' };

export const support = {
  open: (body: Record<string, unknown>) =>
    session.signedIn
      ? memberApi<{ ticket: Ticket; accessToken: null }>('/api/support/tickets', { body })
      : api<{ ticket: Ticket; accessToken: string }>('/api/support/tickets', { body }),
  view: (id: string, key: TicketKey) =>
    key.kind === 'member'
      ? memberApi<Ticket>(`/api/me/tickets/${encodeURIComponent(id)}`)
      : api<Ticket>(`/api/support/tickets/${encodeURIComponent(id)}`, { headers: { 'X-Ticket-Token': key.token } }),
  reply: (id: string, key: TicketKey, body: string) =>
    key.kind === 'member'
      ? memberApi<Ticket>(`/api/me/tickets/${encodeURIComponent(id)}/messages`, { body: { body } })
      : api<Ticket>(`/api/support/tickets/${encodeURIComponent(id)}/messages`, { body: { body }, headers: { 'X-Ticket-Token': key.token } }),
  mine: () => memberApi<Page<TicketSummary>>('/api/me/tickets?limit=50'),
};
