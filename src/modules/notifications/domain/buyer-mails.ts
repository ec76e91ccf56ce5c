import type { Language } from './email-kinds';
import { type Block, type MessageDraft, renderMessage, type RenderedEmail } from './message';
import { formatMoney } from './money';

export interface OrderFacts {
  shopName: string;
  language: Language;
  orderNo: string;
  goodsTitle: string;
  quantity: number;
  lookupUrl: string;
}

/**
 * A delivered order: its keys (none for goods the merchant delivers by hand, who may leave a note
 * instead, e.g. which account was topped up) and where to see it again.
 */
export function deliveredOrderMail(order: OrderFacts & { keys: string[]; note?: string | null }): RenderedEmail {
  const zh = order.language === 'zh';
  const blocks: Block[] = [
    { kind: 'heading', text: zh ? `您的订单 ${order.orderNo} 已发货` : `Your order ${order.orderNo} has been delivered` },
    { kind: 'paragraph', text: zh ? `感谢您在 ${order.shopName} 购物。` : `Thank you for shopping at ${order.shopName}.` },
    {
      kind: 'facts',
      rows: zh
        ? [['订单号', order.orderNo], ['商品', order.goodsTitle], ['数量', String(order.quantity)]]
        : [['Order number', order.orderNo], ['Item', order.goodsTitle], ['Quantity', String(order.quantity)]],
    },
  ];
  if (order.note) blocks.push({ kind: 'paragraph', text: zh ? `商家留言：${order.note}` : `From the merchant: ${order.note}` });
  if (order.keys.length > 0) {
    blocks.push({ kind: 'codes', title: zh ? '您的卡密：' : order.keys.length === 1 ? 'Your key:' : 'Your keys:', codes: order.keys });
    blocks.push({
      kind: 'paragraph',
      text: zh ? '请妥善保管卡密，不要转发此邮件或将卡密告诉他人。' : 'Keep your keys safe: do not forward this e-mail or share the keys with anyone.',
    });
  } else {
    blocks.push({ kind: 'paragraph', text: zh ? '您购买的内容可在订单页面查看。' : 'What you bought is shown on the order page.' });
  }
  blocks.push({ kind: 'link', label: zh ? '查看订单（需要下单时填写的联系方式和查询密码）' : 'See your order (with the contact and query password you gave)', url: order.lookupUrl });
  return renderMessage(draft(order, zh ? `【${order.shopName}】订单 ${order.orderNo} 已发货` : `[${order.shopName}] Order ${order.orderNo} delivered${order.keys.length > 0 ? ': your keys' : ''}`, blocks));
}

/** Money went back to the buyer: how much, for which order. */
export function refundedOrderMail(order: OrderFacts & { amountMinor: number; currency: string }): RenderedEmail {
  const zh = order.language === 'zh';
  const amount = formatMoney(order.amountMinor, order.currency, order.language);
  const blocks: Block[] = [
    { kind: 'heading', text: zh ? `您的订单 ${order.orderNo} 已退款` : `Your order ${order.orderNo} has been refunded` },
    {
      kind: 'paragraph',
      text: zh
        ? `我们已为您的订单退款 ${amount}，款项将原路退回，到账时间以支付渠道为准。`
        : `We refunded ${amount} for your order. The money goes back the way you paid; when it shows depends on your payment provider.`,
    },
    {
      kind: 'facts',
      rows: zh
        ? [['订单号', order.orderNo], ['商品', order.goodsTitle], ['数量', String(order.quantity)], ['退款金额', amount]]
        : [['Order number', order.orderNo], ['Item', order.goodsTitle], ['Quantity', String(order.quantity)], ['Amount refunded', amount]],
    },
    { kind: 'link', label: zh ? '查看订单' : 'See your order', url: order.lookupUrl },
  ];
  return renderMessage(draft(order, zh ? `【${order.shopName}】订单 ${order.orderNo} 已退款 ${amount}` : `[${order.shopName}] Order ${order.orderNo} refunded: ${amount}`, blocks));
}

function draft(order: OrderFacts, subject: string, blocks: Block[]): MessageDraft {
  return { language: order.language, subject, blocks, signature: order.shopName };
}
