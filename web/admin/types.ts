/** Shapes of the admin API answers the console reads (only the fields it uses). */
export interface Page<T> {
  items: T[];
  total: number;
}

export interface Category {
  id: string;
  name: string;
  slug: string;
  sortOrder: number;
  visible: boolean;
}

export interface Goods {
  id: string;
  title: string;
  description: string;
  priceMinor: number;
  currency: string;
  onSale: boolean;
  deliveryType: 'auto' | 'manual' | 'dynamic';
  categoryId: string | null;
  minPerOrder: number;
  maxPerOrder: number | null;
  version: number;
}

export interface StockView {
  goodsId: string;
  counts: { available: number; reserved: number; sold: number; defective: number; void: number };
  settings: { reusable: boolean; lowStockThreshold: number };
}

export interface ImportBatch {
  batchId: string;
  goodsId: string;
  source: string;
  status: 'uploading' | 'queued' | 'running' | 'completed' | 'failed';
  linesReceived: number;
  imported: number;
  duplicates: number;
  invalid: number;
  invalidSamples: number[];
  error: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface Adjustment {
  lineId?: string;
  amountMinor: number;
  source: string;
  kind: string;
  reason: string;
}

export interface AdminOrder {
  orderId: string;
  orderNo: string;
  status: string;
  goodsId: string;
  goodsTitle: string;
  deliveryType: string;
  quantity: number;
  unitPriceMinor: number;
  subtotalMinor: number;
  adjustmentMinor: number;
  totalMinor: number;
  currency: string;
  adjustments: Adjustment[];
  promotionNote: string | null;
  contact: string;
  memberId: string | null;
  paymentChannel: string | null;
  paidAmountMinor: number | null;
  createdAt: string;
  paidAt: string | null;
  deliveredAt: string | null;
  closedAt: string | null;
}

export interface OrderTransition {
  from?: string | null;
  to?: string;
  action?: string;
  at?: string;
  [key: string]: unknown;
}

export interface OrderDetailView extends AdminOrder {
  /** The buyer's answers to the goods' fields (manual goods), by field key. */
  buyerAnswers: Record<string, string>;
  /** What the operator told the buyer on fulfilling a manual order. */
  fulfilmentNote: string | null;
  transitions: OrderTransition[];
  payments: Array<{ paymentId: string; channel: string; status: string; amountMinor: number; currency: string; providerTxnId: string | null; createdAt: string; succeededAt: string | null; refundedAmountMinor: number }>;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorLabel: string | null;
  action: string;
  targetType: string;
  targetId: string;
  reason?: string | null;
  details: Record<string, unknown> | null;
}

export interface Channel {
  code: string;
  provider: string;
  displayName: string;
  enabled: boolean;
  priority: number;
  currency: string;
  minAmountMinor: number | null;
  maxAmountMinor: number | null;
  feeBps: number;
  feeFixedMinor: number;
  callbackUrl: string;
}

export interface ChannelHealth {
  code: string;
  breaker: 'closed' | 'open' | 'half_open';
  attempts: number;
  succeeded: number;
  failed: number;
  timeouts: number;
  rejectedByBreaker: number;
  successRate: number | null;
  createLatencyMs: { p50: number | null; p95: number | null };
  lastAttemptAt: string | null;
}

export interface Tier {
  thresholdMinor: number;
  offMinor: number;
}

export interface Activity {
  id: string;
  name: string;
  kind: string;
  scope: { goodsIds: string[]; categoryIds: string[] };
  rule: Record<string, unknown> & { kind: string };
  startsAt: string;
  endsAt: string;
  active: boolean;
}

export interface Coupon {
  id: string;
  code: string;
  name: string;
  batchId?: string | null;
  rule: Record<string, unknown> & { kind: string };
  startsAt: string;
  endsAt: string;
  totalLimit: number | null;
  perBuyerLimit: number | null;
  usesTaken?: number;
  active: boolean;
}

export interface Preview {
  adjustments: Adjustment[];
  totalAdjustmentMinor: number;
  lines: Array<{ lineId: string; listTotalMinor: number; adjustmentMinor: number; totalMinor: number }>;
  couponApplied: string | null;
  skipped: Array<{ source: string; reason: string }>;
}

export interface Variant {
  key: string;
  name: string;
  weight: number;
  isControl: boolean;
  activityIds: string[];
  couponIds: string[];
}

export interface Experiment {
  id: string;
  key: string;
  name: string;
  status: 'draft' | 'running' | 'paused' | 'stopped';
  phase: number;
  coverage: number;
  variants: Variant[];
  startedAt: string | null;
  stoppedAt: string | null;
}

export interface ReportVariant {
  key: string;
  name: string;
  isControl: boolean;
  visitors: number;
  orders: number;
  paidOrders: number;
  revenueMinor: number;
  conversionRate: number;
  revenuePerVisitorMinor: number;
  upliftVsControl: number | null;
  pValue: number | null;
  significant: boolean;
}

export interface ExperimentReportView {
  experiment: { id: string; key: string; name: string; status: string; phase: number; currentPhase: number };
  alpha: number;
  variants: ReportVariant[];
  srm: { pValue: number | null; mismatch: boolean };
}

export interface StorefrontGoods {
  id: string;
  title: string;
  priceMinor: number;
  currency: string;
  categoryId: string | null;
}
