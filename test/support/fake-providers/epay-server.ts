import { createHash, randomInt } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake 彩虹易支付 (epay v1) aggregator on 127.0.0.1, speaking the real wire format:
 * - GET|POST /submit.php: the buyer's page jump; checks our MD5 signature, stores the order;
 * - POST /mapi.php: opens the order by a server call; answers JSON with trade_no and payurl/qrcode;
 * - GET /api.php?act=order and POST /api.php?act=refund: query and refund, by pid and key;
 * - GET /pay/<trade_no>: the cashier page mapi's payurl points at;
 * and `pay()`, the buyer paying, which sends the signed notify to the order's notify_url as the
 * aggregator does (GET, values urlencoded as PHP does, `sign` and `sign_type` last).
 * Its signing code is its own (written after 彩虹's PayUtils), not the shop's.
 */

export interface EpayMerchant {
  pid: string;
  key: string;
}

export interface FakeEpayTrade {
  tradeNo: string;
  outTradeNo: string;
  type: string;
  name: string;
  money: string;
  notifyUrl: string;
  returnUrl: string;
  /** The endpoint that opened it. */
  via: 'submit.php' | 'mapi.php';
  status: 0 | 1;
  addtime: string;
  endtime: string | null;
  /** Refunded amounts in yuan, in order. */
  refunds: string[];
}

/** A request as the fake received it: query and form fields together. */
export interface FakeEpayRequest {
  method: string;
  path: string;
  fields: Record<string, string>;
}

export interface NotifyOptions {
  /** Fields changed before signing: a genuine notify with other content (another status...). */
  signed?: Record<string, string>;
  /** Fields changed after signing: a tampered notify. */
  tampered?: Record<string, string>;
  /** Sign with this key instead of the merchant's: a forgery. */
  key?: string;
  /** Send to this URL instead of the order's notify_url: a replay elsewhere. */
  url?: string;
  /** As a POSTed form, as some aggregators send it, instead of 彩虹's GET. */
  method?: 'GET' | 'POST';
}

export interface NotifyAnswer {
  status: number;
  contentType: string | null;
  body: string;
}

// --- 彩虹 PayUtils, written again: paraFilter, argSort, createLinkstring, md5Sign -------------

function paraFilter(params: Record<string, string>): Array<[string, string]> {
  return Object.entries(params).filter(([k, v]) => k !== 'sign' && k !== 'sign_type' && v !== '');
}

function argSort(pairs: Array<[string, string]>): Array<[string, string]> {
  return [...pairs].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

function createLinkstring(pairs: Array<[string, string]>): string {
  let text = '';
  for (const [k, v] of pairs) text += `${k}=${v}&`;
  return text.slice(0, -1);
}

function fakeEpaySign(params: Record<string, string>, key: string): string {
  return createHash('md5').update(Buffer.from(createLinkstring(argSort(paraFilter(params))) + key, 'utf8')).digest('hex');
}

/** PHP's urlencode: RFC 1738 style, space as "+", only [A-Za-z0-9_.-] left as they are. */
function phpUrlencode(value: string): string {
  return Array.from(Buffer.from(value, 'utf8'))
    .map((byte) => {
      const c = String.fromCharCode(byte);
      if (/[A-Za-z0-9_.-]/.test(c)) return c;
      return byte === 0x20 ? '+' : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

// -------------------------------------------------------------------------------------------

const now = () => new Date().toISOString().replace('T', ' ').slice(0, 19);
const cents = (money: string) => Math.round(Number(money) * 100);
const MONEY = /^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$/;
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export class FakeEpayServer {
  readonly trades = new Map<string, FakeEpayTrade>();
  readonly requests: FakeEpayRequest[] = [];
  /** While true, requests are left unanswered (an aggregator that hangs). */
  hang = false;
  /** Requests the caller gave up on before an answer (its connection closed). */
  abandoned = 0;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    private readonly merchant: EpayMerchant,
  ) {}

  static async start(merchant: EpayMerchant): Promise<FakeEpayServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeEpayServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, merchant);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void fake.handle(req, res));
    return fake;
  }

  reset(): void {
    this.trades.clear();
    this.requests.length = 0;
    this.hang = false;
    this.abandoned = 0;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The requests made to one endpoint, e.g. 'mapi.php' or 'api.php?act=refund'. */
  requestsTo(endpoint: string): FakeEpayRequest[] {
    const [path, act] = endpoint.split('?act=');
    return this.requests.filter((r) => r.path === `/${path}` && (act === undefined || r.fields.act === act));
  }

  /**
   * The buyer pays: the order is marked paid and (unless `notify` is false, a lost notify) the
   * aggregator's notify is sent, as 彩虹's creat_callback builds it.
   */
  async pay(outTradeNo: string, notify: NotifyOptions | false = {}): Promise<NotifyAnswer | null> {
    const trade = this.trades.get(outTradeNo);
    if (!trade) throw new Error(`fake epay: no order ${outTradeNo}`);
    trade.status = 1;
    trade.endtime = now();
    if (notify === false) return null;
    const fields: Record<string, string> = {
      pid: this.merchant.pid,
      trade_no: trade.tradeNo,
      out_trade_no: trade.outTradeNo,
      type: trade.type,
      name: trade.name,
      money: trade.money,
      trade_status: 'TRADE_SUCCESS',
      ...notify.signed,
    };
    const sent = new Map(argSort(paraFilter(fields)));
    sent.set('sign', fakeEpaySign(fields, notify.key ?? this.merchant.key));
    sent.set('sign_type', 'MD5');
    for (const [k, v] of Object.entries(notify.tampered ?? {})) sent.set(k, v);
    const query = [...sent].map(([k, v]) => `${k}=${phpUrlencode(v)}`).join('&');
    const target = notify.url ?? trade.notifyUrl;
    const res =
      notify.method === 'POST'
        ? await fetch(target, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: query })
        : await fetch(`${target}${target.includes('?') ? '&' : '?'}${query}`);
    return { status: res.status, contentType: res.headers.get('content-type'), body: await res.text() };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await new Promise<string>((resolve) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (text += chunk));
      req.on('end', () => resolve(text));
    });
    const fields = Object.fromEntries([...url.searchParams, ...new URLSearchParams(body)]);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, fields });
    if (this.hang) {
      res.on('close', () => (this.abandoned += 1));
      return;
    }
    const json = (answer: Record<string, unknown>) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(JSON.stringify(answer));
    const page = (html: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><meta charset="utf-8">${html}`);
    if (url.pathname === '/submit.php') {
      const opened = this.open(fields, 'submit.php');
      return void page(typeof opened === 'string' ? `<h3>${escapeHtml(opened)}</h3>` : this.cashier(opened));
    }
    if (url.pathname === '/mapi.php' && req.method === 'POST') {
      const opened = this.open(fields, 'mapi.php');
      if (typeof opened === 'string') return void json({ code: -1, msg: opened });
      const payment = opened.type === 'wxpay' ? { qrcode: `weixin://wxpay/bizpayurl?pr=${opened.tradeNo}` } : { payurl: `${this.baseUrl}/pay/${opened.tradeNo}` };
      return void json({ code: 1, msg: '', trade_no: opened.tradeNo, ...payment });
    }
    if (url.pathname.startsWith('/pay/')) {
      const trade = [...this.trades.values()].find((t) => t.tradeNo === url.pathname.slice('/pay/'.length));
      return void (trade ? page(this.cashier(trade)) : res.writeHead(404).end());
    }
    if (url.pathname === '/api.php') return void json(this.api(url.searchParams.get('act'), fields));
    res.writeHead(404).end();
  }

  /** submit.php and mapi.php: an order, or the aggregator's refusal. */
  private open(fields: Record<string, string>, via: FakeEpayTrade['via']): FakeEpayTrade | string {
    if (fields.pid !== this.merchant.pid) return '商户不存在！';
    if (fields.sign_type !== 'MD5' || fields.sign !== fakeEpaySign(fields, this.merchant.key)) return '签名校验失败！';
    for (const name of ['type', 'out_trade_no', 'notify_url', 'name', 'money']) if (!fields[name]) return `${name}不能为空`;
    if (!MONEY.test(fields.money) || cents(fields.money) <= 0) return '金额不合法';
    const existing = this.trades.get(fields.out_trade_no);
    if (existing) return existing.money === fields.money ? existing : '订单号已存在';
    const trade: FakeEpayTrade = {
      tradeNo: `${now().replace(/\D/g, '')}${randomInt(10_000, 100_000)}`,
      outTradeNo: fields.out_trade_no,
      type: fields.type,
      name: fields.name,
      money: fields.money,
      notifyUrl: fields.notify_url,
      returnUrl: fields.return_url ?? '',
      via,
      status: 0,
      addtime: now(),
      endtime: null,
      refunds: [],
    };
    this.trades.set(trade.outTradeNo, trade);
    return trade;
  }

  private cashier(trade: FakeEpayTrade): string {
    return `<h1>收银台</h1><p>${escapeHtml(trade.name)}</p><p class="money">¥${trade.money}</p><p>订单号 ${trade.tradeNo}</p>`;
  }

  /** api.php, answered as 彩虹 does: pid checked, then key, then the order. */
  private api(act: string | null, fields: Record<string, string>): Record<string, unknown> {
    if (act !== 'order' && act !== 'refund') return { code: -5, msg: 'No Act!' };
    if (fields.pid !== this.merchant.pid) return { code: -3, msg: 'PID不存在' };
    if (fields.key !== this.merchant.key) return { code: -2, msg: 'KEY校验失败' };
    const trade = fields.trade_no
      ? [...this.trades.values()].find((t) => t.tradeNo === fields.trade_no)
      : this.trades.get(fields.out_trade_no ?? '');
    if (!trade) return { code: -1, msg: '订单号不存在' };
    if (act === 'order') {
      const { tradeNo, outTradeNo, type, addtime, endtime, name, money, status } = trade;
      return { code: 1, msg: '查询订单号成功！', trade_no: tradeNo, out_trade_no: outTradeNo, type, pid: this.merchant.pid, addtime, endtime, name, money, status };
    }
    if (trade.status !== 1) return { code: -1, msg: '订单未支付，无法退款' };
    const left = cents(trade.money) - trade.refunds.reduce((sum, m) => sum + cents(m), 0);
    if (!MONEY.test(fields.money ?? '') || cents(fields.money) <= 0 || cents(fields.money) > left) return { code: -1, msg: '退款金额不合法或超出可退金额' };
    trade.refunds.push(fields.money);
    return { code: 1, msg: '退款成功！' };
  }
}
