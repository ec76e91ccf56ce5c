import type { AlertKind, Language } from './email-kinds';
import { type Block, renderMessage, type RenderedEmail } from './message';
import { formatMoney } from './money';

/** What each alert says, taken from its event (plain facts, never a key, a password or a credential). */
export interface AlertItems {
  alert_stock_low: { goodsId: string; available: number; threshold: number; at: string };
  alert_order_awaiting_stock: { orderId: string; orderNo: string; goodsId: string; quantity: number; since: string };
  alert_payment_mismatch: {
    paymentId: string;
    orderId: string;
    channel: string;
    expectedAmountMinor: number;
    reportedAmountMinor: number;
    expectedCurrency: string;
    reportedCurrency: string;
    providerTxnId: string;
    detectedAt: string;
  };
  alert_dead_letter: { eventId: string; eventType: string; subscriber: string; attempts: number; error: string; failedAt: string };
  alert_channel_breaker_opened: { channelId: string; channel: string; retryInMs: number; openedAt: string };
  alert_sla_breached: { ticketId: string; kind: 'first_response' | 'resolution'; priority: string; dueAt: string; breachedAt: string };
  alert_dynamic_delivery_failed: { orderId: string; orderNo: string; goodsId: string; quantity: number; attempts: number; error: string; failedAt: string };
}

export type AlertItem<K extends AlertKind = AlertKind> = AlertItems[K];

/**
 * Flood control. Alerts of one kind with the same collapse key are gathered into one e-mail: the
 * first goes out at once; while it waits (or retries) later ones are added to it; once it has gone,
 * the next one is held until `windowMs` after it went out, gathering everything that arrives
 * meanwhile. So a key never gets more than one e-mail per window, and nothing is dropped (each mail
 * lists up to MAX_ITEMS_LISTED events and counts the rest).
 */
export const ALERT_RULES: { [K in AlertKind]: { windowMs: number; collapseKey: (item: AlertItems[K]) => string } } = {
  // card-keys reports once per dip below the threshold; a goods item that hovers around it dips often.
  alert_stock_low: { windowMs: 60 * 60_000, collapseKey: (i) => `goods:${i.goodsId}` },
  // The first order waiting for a goods item tells the merchant it is out; later ones add to the count.
  alert_order_awaiting_stock: { windowMs: 60 * 60_000, collapseKey: (i) => `goods:${i.goodsId}` },
  // Rare and about money: a short window.
  alert_payment_mismatch: { windowMs: 15 * 60_000, collapseKey: (i) => `channel:${i.channel}` },
  // A broken subscriber dead-letters every event it gets: one mail per subscriber per hour.
  alert_dead_letter: { windowMs: 60 * 60_000, collapseKey: (i) => `subscriber:${i.subscriber}` },
  // A breaker re-opens after every failed probe, and every node has its own breakers.
  alert_channel_breaker_opened: { windowMs: 60 * 60_000, collapseKey: (i) => `channel:${i.channel}` },
  // When nobody answers, tickets breach in waves: one mail per kind of target per 30 minutes.
  alert_sla_breached: { windowMs: 30 * 60_000, collapseKey: (i) => `target:${i.kind}` },
  // A merchant URL that is down fails every order of its goods: one mail per goods item per 30 minutes.
  alert_dynamic_delivery_failed: { windowMs: 30 * 60_000, collapseKey: (i) => `goods:${i.goodsId}` },
};

export const MAX_ITEMS_LISTED = 20;

export function collapseKeyOf<K extends AlertKind>(kind: K, item: AlertItems[K]): string {
  return ALERT_RULES[kind].collapseKey(item);
}

/** When a new alert of a key is first due: now, or one window after the previous one of that key went out. */
export function alertDueAt(kind: AlertKind, previousAt: Date | null, now: Date): Date {
  if (!previousAt) return now;
  const earliest = previousAt.getTime() + ALERT_RULES[kind].windowMs;
  return new Date(Math.max(now.getTime(), earliest));
}

export interface AlertMail {
  shopName: string;
  language: Language;
  kind: AlertKind;
  /** The events gathered, oldest first (at most MAX_ITEMS_LISTED). */
  items: unknown[];
  /** How many events were gathered in all. */
  occurrences: number;
}

type Text = { zh: string; en: string };
type Section = { subject: Text; intro: Text; facts: Array<[Text, string]>; advice: Text };

/** Renders an alert in the shop's language. */
export function alertMail(alert: AlertMail): RenderedEmail {
  const lang = alert.language;
  const items = alert.items;
  const first = sectionOf(alert.kind, items[0], lang);
  const more = alert.occurrences - 1;
  const subject =
    more > 0
      ? `${first.subject[lang]} ${lang === 'zh' ? `（另有 ${more} 条）` : `(+${more} more)`}`
      : first.subject[lang];
  const blocks: Block[] = [{ kind: 'heading', text: first.subject[lang] }, { kind: 'paragraph', text: first.intro[lang] }];
  items.forEach((item, index) => {
    const section = sectionOf(alert.kind, item, lang);
    if (items.length > 1) blocks.push({ kind: 'paragraph', text: `#${index + 1}` });
    blocks.push({ kind: 'facts', rows: section.facts.map(([label, value]) => [label[lang], value]) });
  });
  const unlisted = alert.occurrences - items.length;
  if (unlisted > 0) {
    blocks.push({ kind: 'paragraph', text: lang === 'zh' ? `另有 ${unlisted} 条同类提醒未列出。` : `${unlisted} more like these are not listed.` });
  }
  blocks.push({ kind: 'paragraph', text: first.advice[lang] });
  const signature = lang === 'zh' ? `${alert.shopName} · 商户提醒` : `${alert.shopName} · merchant alert`;
  return renderMessage({ language: lang, subject: `[${alert.shopName}] ${subject}`, blocks, signature });
}

function sectionOf(kind: AlertKind, item: unknown, lang: Language): Section {
  switch (kind) {
    case 'alert_stock_low': {
      const i = item as AlertItems['alert_stock_low'];
      return {
        subject: { zh: `库存不足：商品 ${i.goodsId} 仅剩 ${i.available} 个`, en: `Low stock: goods ${i.goodsId} has ${i.available} left` },
        intro: { zh: '商品的可用卡密已降到提醒阈值。', en: "A goods item's available keys fell to its alert threshold." },
        facts: [
          [{ zh: '商品', en: 'Goods' }, i.goodsId],
          [{ zh: '可用', en: 'Available' }, String(i.available)],
          [{ zh: '阈值', en: 'Threshold' }, String(i.threshold)],
          [{ zh: '时间', en: 'At' }, i.at],
        ],
        advice: {
          zh: '请尽快补货（POST /admin/card-keys/goods/:goodsId/imports），售罄后的订单将付款后等待库存。',
          en: 'Import more keys (POST /admin/card-keys/goods/:goodsId/imports): once it runs out, paid orders wait for stock.',
        },
      };
    }
    case 'alert_order_awaiting_stock': {
      const i = item as AlertItems['alert_order_awaiting_stock'];
      return {
        subject: { zh: `已付款订单 ${i.orderNo} 等待库存`, en: `Paid order ${i.orderNo} is waiting for stock` },
        intro: {
          zh: '买家已付款，但没有可发的卡密；补货后订单会自动发货。',
          en: 'The buyer paid but no keys were left; the order is delivered by itself once keys are imported.',
        },
        facts: [
          [{ zh: '订单号', en: 'Order' }, i.orderNo],
          [{ zh: '商品', en: 'Goods' }, i.goodsId],
          [{ zh: '数量', en: 'Quantity' }, String(i.quantity)],
          [{ zh: '等待自', en: 'Waiting since' }, i.since],
        ],
        advice: { zh: '请补货，或为买家退款。', en: 'Restock the goods item, or refund the order.' },
      };
    }
    case 'alert_payment_mismatch': {
      const i = item as AlertItems['alert_payment_mismatch'];
      const reported = formatMoney(i.reportedAmountMinor, i.reportedCurrency, lang);
      const expected = formatMoney(i.expectedAmountMinor, i.expectedCurrency, lang);
      return {
        subject: {
          zh: `支付金额不符（${i.channel}）：通知 ${reported}，应为 ${expected}`,
          en: `Payment mismatch on ${i.channel}: ${reported} reported, ${expected} expected`,
        },
        intro: {
          zh: '支付渠道的有效通知与支付单的金额或币种不一致，系统未入账。',
          en: "A genuine notification from the payment channel did not match the payment's amount or currency; nothing was settled.",
        },
        facts: [
          [{ zh: '渠道', en: 'Channel' }, i.channel],
          [{ zh: '支付单', en: 'Payment' }, i.paymentId],
          [{ zh: '订单', en: 'Order' }, i.orderId],
          [{ zh: '渠道交易号', en: 'Provider transaction' }, i.providerTxnId],
          [{ zh: '通知金额', en: 'Reported' }, reported],
          [{ zh: '应付金额', en: 'Expected' }, expected],
          [{ zh: '时间', en: 'At' }, i.detectedAt],
        ],
        advice: {
          zh: '请在支付渠道后台核对；如款项正确到账，可由财务手动确认，否则为买家退款。',
          en: "Check the payment at the provider: have finance confirm it by hand if the right amount arrived, or refund the buyer.",
        },
      };
    }
    case 'alert_dead_letter': {
      const i = item as AlertItems['alert_dead_letter'];
      return {
        subject: { zh: `事件处理失败：${i.subscriber} 放弃了 ${i.eventType}`, en: `Event delivery failed: ${i.subscriber} gave up on ${i.eventType}` },
        intro: {
          zh: '一个事件订阅者用完了重试次数，相应的后续处理没有完成。',
          en: 'An event subscriber used up its retries: the follow-up work it does has not happened.',
        },
        facts: [
          [{ zh: '订阅者', en: 'Subscriber' }, i.subscriber],
          [{ zh: '事件', en: 'Event' }, `${i.eventType} ${i.eventId}`],
          [{ zh: '尝试次数', en: 'Attempts' }, String(i.attempts)],
          [{ zh: '最后错误', en: 'Last error' }, i.error],
          [{ zh: '时间', en: 'At' }, i.failedAt],
        ],
        advice: {
          zh: '修复原因后，在 GET /admin/events/dead-letters 中重新投递（redrive）。',
          en: 'Fix the cause, then redrive it from GET /admin/events/dead-letters.',
        },
      };
    }
    case 'alert_channel_breaker_opened': {
      const i = item as AlertItems['alert_channel_breaker_opened'];
      const seconds = String(Math.round(i.retryInMs / 1000));
      return {
        subject: { zh: `支付渠道 ${i.channel} 已暂停使用`, en: `Payment channel ${i.channel} taken out of rotation` },
        intro: {
          zh: '该渠道近期失败过多，熔断器已打开：新订单会改用其他渠道，稍后自动试探恢复。',
          en: 'The channel failed too often and its circuit breaker opened: new payments use other channels, and a probe is tried later.',
        },
        facts: [
          [{ zh: '渠道', en: 'Channel' }, i.channel],
          [{ zh: '下次试探（秒后）', en: 'Probe again in (s)' }, seconds],
          [{ zh: '时间', en: 'At' }, i.openedAt],
        ],
        advice: {
          zh: '请查看 GET /admin/payments/channels/health，并用“测试渠道”检查凭据和服务商状态。',
          en: 'Look at GET /admin/payments/channels/health and test the channel (credentials, provider status).',
        },
      };
    }
    case 'alert_sla_breached': {
      const i = item as AlertItems['alert_sla_breached'];
      const target = i.kind === 'first_response' ? { zh: '首次响应', en: 'first response' } : { zh: '解决', en: 'resolution' };
      return {
        subject: { zh: `工单超时（${target.zh}）：${i.ticketId}`, en: `SLA breached (${target.en}): ticket ${i.ticketId}` },
        intro: { zh: '客服工单超过了服务时限。', en: 'A support ticket passed its SLA target.' },
        facts: [
          [{ zh: '工单', en: 'Ticket' }, i.ticketId],
          [{ zh: '时限', en: 'Target' }, target[lang]],
          [{ zh: '优先级', en: 'Priority' }, i.priority],
          [{ zh: '截止', en: 'Due' }, i.dueAt],
          [{ zh: '发现于', en: 'Seen at' }, i.breachedAt],
        ],
        advice: { zh: '请在客服工作台处理该工单。', en: "Answer it from the agents' desk (/admin/support/tickets)." },
      };
    }
    case 'alert_dynamic_delivery_failed': {
      const i = item as AlertItems['alert_dynamic_delivery_failed'];
      return {
        subject: { zh: `已付款订单 ${i.orderNo} 未能从商户接口取到货`, en: `Paid order ${i.orderNo} got nothing from the merchant URL` },
        intro: {
          zh: '该商品为动态发货：商城多次调用商户接口均失败，订单仍在等待发货。',
          en: "The goods item is delivered dynamically: every call to the merchant's URL failed, and the order is still waiting.",
        },
        facts: [
          [{ zh: '订单号', en: 'Order' }, i.orderNo],
          [{ zh: '商品', en: 'Goods' }, i.goodsId],
          [{ zh: '数量', en: 'Quantity' }, String(i.quantity)],
          [{ zh: '尝试次数', en: 'Attempts' }, String(i.attempts)],
          [{ zh: '最后错误', en: 'Last error' }, i.error],
          [{ zh: '时间', en: 'At' }, i.failedAt],
        ],
        advice: {
          zh: '修复商户接口后，用 POST /admin/orders/:id/retry-delivery 重试，或为买家退款。',
          en: "Fix the merchant's URL, then retry with POST /admin/orders/:id/retry-delivery, or refund the order.",
        },
      };
    }
  }
}
