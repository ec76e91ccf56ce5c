import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { alipayJson, alipaySignContent, beijingTime, rsa2Sign, rsa2Verify } from './alipay-signing';

/**
 * A fake Alipay OpenAPI v2 gateway on 127.0.0.1, speaking the real wire format: it checks the
 * RSA2 signature of every request with the app's public key, answers
 * `{"<method>_response":{...},"sign":"..."}` signed with "Alipay's" private key over the exact
 * JSON text of the node, serves the page-pay cashier, and POSTs signed notifications to the
 * trade's notify_url. Test controls play the buyer (scan, pay) and Alipay's back office (close),
 * and can tamper with notifications.
 */

type TradeStatus = 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED' | 'TRADE_FINISHED';

export interface FakeAlipayTrade {
  outTradeNo: string;
  tradeNo: string;
  productCode: string;
  totalAmount: string;
  subject: string;
  notifyUrl: string | null;
  returnUrl: string | null;
  /** timeout_express (precreate) or time_expire (page pay), as sent. */
  timeoutExpress: string | null;
  timeExpire: string | null;
  /** NOT_CREATED: precreated or page opened, but no buyer has scanned or logged in yet. */
  status: 'NOT_CREATED' | TradeStatus;
  createdAt: Date;
  paidAt: Date | null;
  /** Refunds by out_request_no, in cents. */
  refunds: Map<string, number>;
}

export interface FakeAlipayCall {
  method: string;
  /** Whether the request's RSA2 signature held under the app's public key. */
  signatureValid: boolean;
  params: Record<string, string>;
  bizContent: Record<string, unknown>;
}

export interface FakeNotifyOptions {
  /** trade_status to sign; default the trade's status. */
  status?: string;
  /** total_amount to sign; default the trade's amount. */
  amount?: string;
  /** More fields set before signing, e.g. another app_id. */
  fields?: Record<string, string>;
  /** Fields changed after signing (a tampered notification). */
  tamper?: Record<string, string>;
  /** 'forged': signed with a key that is not Alipay's; 'none': no sign field. */
  signature?: 'alipay' | 'forged' | 'none';
  /** Where to POST it instead of the trade's notify_url (a notification replayed elsewhere). */
  url?: string;
}

export interface NotifyDelivery {
  url: string;
  status: number;
  body: string;
  fields: Record<string, string>;
}

/**
 * How the gateway answers: signed as Alipay does; signed with a wrong key; never; or, as a man in
 * the middle might try, the genuine signed answer followed by a second node claiming the trade paid.
 */
export type FakeAnswerMode = 'signed' | 'wrong-signature' | 'silent' | 'smuggled-node';

const SELLER_ID = '2088000000000001';
const BUYER_ID = '2088102177846875';
const cents = (yuan: string) => Math.round(Number(yuan) * 100);
const yuan = (c: number) => (c / 100).toFixed(2);
const AMOUNT = /^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$/;
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const GATEWAY_PATH = '/gateway.do';

export class FakeAlipay {
  readonly appId = `2021${randomInt(100_000_000_000, 999_999_999_999)}`;
  readonly calls: FakeAlipayCall[] = [];
  answerMode: FakeAnswerMode = 'signed';

  private readonly appKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly alipayKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  private readonly trades = new Map<string, FakeAlipayTrade>();
  private readonly stalled = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly gateway: string,
  ) {}

  static async start(): Promise<FakeAlipay> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeAlipay(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}${GATEWAY_PATH}`);
    server.on('request', (req, res) => fake.handle(req, res).catch(() => res.destroy()));
    return fake;
  }

  /**
   * The channel's credentials as an admin pastes them from Alipay's key tool and console: the
   * app's private key as bare base64 PKCS#1 ("for other languages"), Alipay's public key as bare
   * base64 SPKI.
   */
  get credentials(): { appId: string; privateKey: string; alipayPublicKey: string } {
    return {
      appId: this.appId,
      privateKey: (this.appKeys.privateKey.export({ type: 'pkcs1', format: 'der' }) as Buffer).toString('base64'),
      alipayPublicKey: (this.alipayKeys.publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64'),
    };
  }

  trade(outTradeNo: string): FakeAlipayTrade | undefined {
    return this.trades.get(outTradeNo);
  }

  /** The buyer scans the QR code (or logs in at the cashier): Alipay now knows the trade. */
  scan(outTradeNo: string): FakeAlipayTrade {
    const trade = this.mustFind(outTradeNo);
    if (trade.status === 'NOT_CREATED') trade.status = 'WAIT_BUYER_PAY';
    return trade;
  }

  /** The buyer pays; Alipay notifies the shop unless `deliver` is false (a lost notification). */
  async pay(outTradeNo: string, options: FakeNotifyOptions & { deliver?: boolean } = {}): Promise<NotifyDelivery | null> {
    const trade = this.scan(outTradeNo);
    if (trade.status === 'WAIT_BUYER_PAY') {
      trade.status = 'TRADE_SUCCESS';
      trade.paidAt = new Date();
    }
    return options.deliver === false ? null : this.notify(outTradeNo, options);
  }

  /** Alipay closes the trade (unpaid past its timeout). */
  close(outTradeNo: string): void {
    this.scan(outTradeNo).status = 'TRADE_CLOSED';
  }

  /** Sends (again) the asynchronous notification of the trade as it stands, maybe altered. */
  async notify(outTradeNo: string, options: FakeNotifyOptions = {}): Promise<NotifyDelivery> {
    const trade = this.mustFind(outTradeNo);
    const url = options.url ?? trade.notifyUrl;
    if (!url) throw new Error(`fake alipay: trade ${outTradeNo} has no notify_url`);
    const now = new Date();
    const amount = options.amount ?? trade.totalAmount;
    const fields: Record<string, string> = {
      gmt_create: beijingTime(trade.createdAt),
      charset: 'utf-8',
      seller_id: SELLER_ID,
      subject: trade.subject,
      buyer_id: BUYER_ID,
      invoice_amount: amount,
      notify_id: `${beijingTime(now).replace(/\D/g, '')}${randomBytes(8).toString('hex')}`,
      fund_bill_list: JSON.stringify([{ amount, fundChannel: 'ALIPAYACCOUNT' }]),
      notify_type: 'trade_status_sync',
      trade_status: options.status ?? (trade.status === 'NOT_CREATED' ? 'WAIT_BUYER_PAY' : trade.status),
      receipt_amount: amount,
      app_id: this.appId,
      buyer_pay_amount: amount,
      sign_type: 'RSA2',
      version: '1.0',
      out_trade_no: trade.outTradeNo,
      total_amount: amount,
      trade_no: trade.tradeNo,
      auth_app_id: this.appId,
      buyer_logon_id: '159****5620',
      point_amount: '0.00',
      notify_time: beijingTime(now),
      ...(trade.paidAt ? { gmt_payment: beijingTime(trade.paidAt) } : {}),
      ...options.fields,
    };
    const signature = options.signature ?? 'alipay';
    if (signature !== 'none') {
      const key = signature === 'alipay' ? this.alipayKeys.privateKey : this.strangerKey;
      fields.sign = rsa2Sign(alipaySignContent(fields, ['sign_type']), key);
    }
    Object.assign(fields, options.tamper);
    const body = Object.entries(fields)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    return { url, status: res.status, body: await res.text(), fields };
  }

  async stop(): Promise<void> {
    for (const res of this.stalled) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private mustFind(outTradeNo: string): FakeAlipayTrade {
    const trade = this.trades.get(outTradeNo);
    if (!trade) throw new Error(`fake alipay: no trade ${outTradeNo}`);
    return trade;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== GATEWAY_PATH) return void res.writeHead(404).end();
    const body = await readBody(req);
    if (this.answerMode === 'silent') {
      this.stalled.add(res);
      return;
    }
    const params: Record<string, string> = {};
    const form = req.method === 'POST' ? new URLSearchParams(body) : new URLSearchParams();
    for (const [key, value] of [...url.searchParams, ...form]) {
      if (Object.hasOwn(params, key)) return this.answer(res, 'error_response', gatewayError('40002', 'isv.invalid-parameter', `重复的参数${key}`), false);
      params[key] = value;
    }
    const method = params.method ?? '';
    const responseKey = method ? `${method.replace(/\./g, '_')}_response` : 'error_response';
    const signatureValid = Boolean(params.sign) && rsa2Verify(alipaySignContent(params), params.sign, this.appKeys.publicKey);
    const bizContent = parseObject(params.biz_content ?? '{}');
    this.calls.push({ method, signatureValid, params, bizContent: bizContent ?? {} });
    const refusal =
      this.checkRequest(params, signatureValid) ?? (bizContent ? null : { node: gatewayError('40002', 'isv.invalid-parameter', 'biz_content'), signed: true });
    if (refusal && method === 'alipay.trade.page.pay') return errorPage(res, refusal.node);
    if (refusal) return this.answer(res, responseKey, refusal.node, refusal.signed);
    const s = (key: string) => (typeof bizContent?.[key] === 'string' ? (bizContent[key] as string) : '');
    switch (method) {
      case 'alipay.trade.precreate':
        return this.answer(res, responseKey, this.precreate(params, s), true);
      case 'alipay.trade.page.pay':
        return this.cashier(res, params, s);
      case 'alipay.trade.query':
        return this.answer(res, responseKey, this.query(s('out_trade_no')), true);
      case 'alipay.trade.refund':
        return this.answer(res, responseKey, this.refund(s), true);
      case 'alipay.trade.fastpay.refund.query':
        return this.answer(res, responseKey, this.refundQuery(s('out_trade_no'), s('out_request_no')), true);
      default:
        return this.answer(res, 'error_response', gatewayError('40002', 'isv.invalid-method', '不存在的方法名'), false);
    }
  }

  /** The gateway's own checks, in Alipay's order; null when the request may proceed. */
  private checkRequest(params: Record<string, string>, signatureValid: boolean): { node: Record<string, string>; signed: boolean } | null {
    if (!params.app_id) return { node: gatewayError('40001', 'isv.missing-app-id', '缺少AppID参数'), signed: false };
    // Alipay cannot know which key to answer with for an app it does not know: the answer is unsigned.
    if (params.app_id !== this.appId) return { node: gatewayError('40002', 'isv.invalid-app-id', '无效的AppID参数'), signed: false };
    if (params.charset?.toLowerCase() !== 'utf-8') return { node: gatewayError('40002', 'isv.invalid-charset', '字符集错误'), signed: true };
    if (params.sign_type !== 'RSA2') return { node: gatewayError('40002', 'isv.invalid-signature-type', '无效的签名类型'), signed: true };
    if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(params.timestamp ?? '')) {
      return { node: gatewayError('40002', 'isv.invalid-timestamp', '非法的时间戳参数'), signed: true };
    }
    if (params.version !== '1.0') return { node: gatewayError('40002', 'isv.invalid-version', '版本号错误'), signed: true };
    if (!signatureValid) return { node: gatewayError('40002', 'isv.invalid-signature', '验签出错'), signed: true };
    return null;
  }

  private precreate(params: Record<string, string>, s: (key: string) => string): Record<string, string> {
    const invalid = this.invalidTrade(s);
    if (invalid) return invalid;
    const existing = this.trades.get(s('out_trade_no'));
    if (existing && existing.status !== 'NOT_CREATED') return businessError('ACQ.TRADE_HAS_SUCCESS', '交易已被支付');
    this.openTrade(params, s);
    return {
      code: '10000',
      msg: 'Success',
      out_trade_no: s('out_trade_no'),
      qr_code: `https://qr.alipay.com/bax0${randomBytes(10).toString('hex')}`,
    };
  }

  /** The browser opened the signed page-pay URL: Alipay's cashier page (an error page if the request is wrong). */
  private cashier(res: ServerResponse, params: Record<string, string>, s: (key: string) => string): void {
    const wrongProduct = s('product_code') === 'FAST_INSTANT_TRADE_PAY' ? null : businessError('ACQ.INVALID_PARAMETER', 'product_code');
    const invalid = this.invalidTrade(s) ?? wrongProduct;
    if (invalid) return errorPage(res, invalid);
    const trade = this.openTrade(params, s);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><html><head><meta charset="utf-8"><title>支付宝 - 网上支付 安全快速！</title></head><body>` +
        `<p class="subject">${escapeHtml(trade.subject)}</p><p class="amount">${trade.totalAmount}</p></body></html>`,
    );
  }

  private invalidTrade(s: (key: string) => string): Record<string, string> | null {
    if (!s('out_trade_no') || s('out_trade_no').length > 64) return businessError('ACQ.INVALID_PARAMETER', 'out_trade_no');
    if (!AMOUNT.test(s('total_amount')) || cents(s('total_amount')) < 1) return businessError('ACQ.INVALID_PARAMETER', 'total_amount');
    if (!s('subject') || /[/=&]/.test(s('subject'))) return businessError('ACQ.INVALID_PARAMETER', 'subject');
    return null;
  }

  private openTrade(params: Record<string, string>, s: (key: string) => string): FakeAlipayTrade {
    const outTradeNo = s('out_trade_no');
    const trade: FakeAlipayTrade = this.trades.get(outTradeNo) ?? {
      outTradeNo,
      tradeNo: `${beijingTime(new Date()).replace(/\D/g, '').slice(0, 8)}22001${randomInt(100_000_000_000, 999_999_999_999)}`,
      productCode: s('product_code'),
      totalAmount: s('total_amount'),
      subject: s('subject'),
      notifyUrl: null,
      returnUrl: null,
      timeoutExpress: null,
      timeExpire: null,
      status: 'NOT_CREATED',
      createdAt: new Date(),
      paidAt: null,
      refunds: new Map(),
    };
    Object.assign(trade, {
      totalAmount: s('total_amount'),
      subject: s('subject'),
      notifyUrl: params.notify_url ?? null,
      returnUrl: params.return_url ?? null,
      timeoutExpress: s('timeout_express') || null,
      timeExpire: s('time_expire') || null,
    });
    this.trades.set(outTradeNo, trade);
    return trade;
  }

  private query(outTradeNo: string): Record<string, string> {
    const trade = this.trades.get(outTradeNo);
    if (!trade || trade.status === 'NOT_CREATED') return businessError('ACQ.TRADE_NOT_EXIST', '交易不存在');
    const paid = trade.status === 'TRADE_SUCCESS' || trade.status === 'TRADE_FINISHED' || trade.paidAt !== null;
    return {
      code: '10000',
      msg: 'Success',
      buyer_logon_id: '159****5620',
      buyer_pay_amount: paid ? trade.totalAmount : '0.00',
      buyer_user_id: BUYER_ID,
      invoice_amount: paid ? trade.totalAmount : '0.00',
      out_trade_no: trade.outTradeNo,
      point_amount: '0.00',
      receipt_amount: paid ? trade.totalAmount : '0.00',
      ...(trade.paidAt ? { send_pay_date: beijingTime(trade.paidAt) } : {}),
      total_amount: trade.totalAmount,
      trade_no: trade.tradeNo,
      trade_status: trade.status,
    };
  }

  /** A repeated out_request_no refunds nothing more and answers fund_change N, as Alipay does. */
  private refund(s: (key: string) => string): Record<string, string> {
    const trade = this.trades.get(s('out_trade_no'));
    if (!trade || trade.status === 'NOT_CREATED') return businessError('ACQ.TRADE_NOT_EXIST', '交易不存在');
    const requestNo = s('out_request_no') || trade.outTradeNo;
    const amount = s('refund_amount');
    if (!AMOUNT.test(amount) || cents(amount) < 1) return businessError('ACQ.INVALID_PARAMETER', 'refund_amount');
    const done = trade.refunds.get(requestNo);
    if (done === undefined) {
      if (trade.status !== 'TRADE_SUCCESS') return businessError('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
      const refunded = [...trade.refunds.values()].reduce((a, b) => a + b, 0);
      if (refunded + cents(amount) > cents(trade.totalAmount)) return businessError('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限');
      trade.refunds.set(requestNo, cents(amount));
      if (refunded + cents(amount) === cents(trade.totalAmount)) trade.status = 'TRADE_CLOSED';
    } else if (done !== cents(amount)) {
      return businessError('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '同一退款请求号的退款金额不一致');
    }
    return {
      code: '10000',
      msg: 'Success',
      buyer_logon_id: '159****5620',
      buyer_user_id: BUYER_ID,
      fund_change: done === undefined ? 'Y' : 'N',
      gmt_refund_pay: beijingTime(new Date()),
      out_trade_no: trade.outTradeNo,
      refund_fee: yuan([...trade.refunds.values()].reduce((a, b) => a + b, 0)),
      trade_no: trade.tradeNo,
    };
  }

  /** A refund Alipay has no record of answers 10000 with no refund fields, as documented. */
  private refundQuery(outTradeNo: string, outRequestNo: string): Record<string, string> {
    const trade = this.trades.get(outTradeNo);
    const refunded = trade?.refunds.get(outRequestNo);
    if (!trade || refunded === undefined) return { code: '10000', msg: 'Success' };
    return {
      code: '10000',
      msg: 'Success',
      out_request_no: outRequestNo,
      out_trade_no: trade.outTradeNo,
      refund_amount: yuan(refunded),
      refund_status: 'REFUND_SUCCESS',
      total_amount: trade.totalAmount,
      trade_no: trade.tradeNo,
    };
  }

  /** `{"<key>":<node>,"sign":"..."}`, the sign over the node's exact text; the gateway says text/html. */
  private answer(res: ServerResponse, key: string, node: Record<string, string>, signed: boolean): void {
    const text = alipayJson(node);
    const signingKey = this.answerMode === 'wrong-signature' ? this.strangerKey : this.alipayKeys.privateKey;
    const smuggled = this.answerMode === 'smuggled-node' ? `,"${key}":${alipayJson({ ...node, trade_status: 'TRADE_SUCCESS' })}` : '';
    const body = signed ? `{"${key}":${text},"sign":"${rsa2Sign(text, signingKey)}"${smuggled}}` : `{"${key}":${text}}`;
    res.writeHead(200, { 'content-type': 'text/html;charset=utf-8' }).end(body);
  }
}

/** What the browser sees when a page-pay request is wrong: Alipay's error page. */
function errorPage(res: ServerResponse, node: Record<string, string>): void {
  res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(`<h1>错误代码 ${escapeHtml(node.sub_code ?? node.code)}</h1>`);
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function gatewayError(code: string, subCode: string, subMsg: string): Record<string, string> {
  const msg = code === '40001' ? 'Missing Required Arguments' : 'Invalid Arguments';
  return { code, msg, sub_code: subCode, sub_msg: subMsg };
}

function businessError(subCode: string, subMsg: string): Record<string, string> {
  return { code: '40004', msg: 'Business Failed', sub_code: subCode, sub_msg: subMsg };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

