/** What the router needs to know of a channel to rank it for a payment. */
export interface RankableChannel {
  code: string;
  enabled: boolean;
  priority: number;
  currency: string;
  minAmountMinor: number;
  /** null: no upper limit. */
  maxAmountMinor: number | null;
}

export interface PaymentAsk {
  amountMinor: number;
  currency: string;
  preferredChannel?: string;
}

/** Whether the channel may take this payment at all: enabled, same currency, within its limits. */
export function acceptsPayment(channel: RankableChannel, ask: PaymentAsk): boolean {
  return (
    channel.enabled &&
    channel.currency === ask.currency &&
    ask.amountMinor >= channel.minAmountMinor &&
    (channel.maxAmountMinor === null || ask.amountMinor <= channel.maxAmountMinor)
  );
}

/**
 * The channels to try, in order: the buyer's preferred one first (when it may take the payment),
 * then the rest by priority (lower first), ties by code so the order is stable.
 */
export function rankChannels<T extends RankableChannel>(channels: readonly T[], ask: PaymentAsk): T[] {
  const ranked = channels
    .filter((c) => acceptsPayment(c, ask))
    .sort((a, b) => a.priority - b.priority || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const preferred = ranked.findIndex((c) => c.code === ask.preferredChannel);
  if (preferred > 0) ranked.unshift(...ranked.splice(preferred, 1));
  return ranked;
}
