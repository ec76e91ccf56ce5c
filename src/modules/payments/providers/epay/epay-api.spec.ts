import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { queryOrder, refundOrder } from './epay-api';
import { withoutSecrets } from './epay-http';

const merchant = { pid: '1001', key: 'k3y-that-must-not-leak' };
const PAYMENT = '0b6f8f5e-2c1a-4c39-9a51-0d7c3f0f9a11';

/** A one-route server whose answer each test sets. */
describe('epay api calls', () => {
  let server: Server;
  let base: string;
  let answer: (req: IncomingMessage, res: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((req, res) => answer(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const send = (status: number, body: string, headers: Record<string, string> = {}) => (_: IncomingMessage, res: ServerResponse) =>
    res.writeHead(status, headers).end(body);
  const failureOf = (call: Promise<unknown>) =>
    call.then(
      () => 'no error',
      (e: Error) => e.message,
    );

  it('reads JSON answered as text/html with a byte order mark, as PHP pages do', async () => {
    answer = send(200, '\uFEFF {"code":-1,"msg":"订单号不存在"}\n', { 'content-type': 'text/html' });
    expect(await queryOrder(base, PAYMENT, merchant)).toEqual({ status: 'not_found' });
  });

  it('masks the key should the aggregator ever echo it back', async () => {
    answer = send(200, JSON.stringify({ code: -2, msg: `KEY校验失败: ${merchant.key}` }));
    expect(await queryOrder(base, PAYMENT, merchant)).toEqual({ status: 'error', message: 'KEY校验失败: ***' });
    expect(withoutSecrets('a k b k', ['k', ''])).toBe('a *** b ***');
  });

  it('turns HTTP errors, other content and redirects into errors that name neither URL nor key', async () => {
    answer = send(502, 'Bad gateway');
    expect(await failureOf(queryOrder(base, PAYMENT, merchant))).toBe(`epay order query (api.php): ${base} answered HTTP 502`);
    answer = send(200, '<html>maintenance</html>');
    expect(await failureOf(queryOrder(base, PAYMENT, merchant))).toBe(
      `epay order query (api.php): the answer of ${base} is not JSON (is apiBase the epay aggregator?)`,
    );
    answer = send(200, '[1]');
    expect(await failureOf(refundOrder(base, { tradeNo: 'T1', money: '1.00' }, merchant))).toBe(
      `epay refund (api.php): the answer of ${base} is not a JSON object`,
    );
    // A redirect is not followed: it would carry the key in the query to wherever it points.
    answer = send(302, '', { location: 'http://elsewhere.example/api.php' });
    const redirected = await failureOf(queryOrder(base, PAYMENT, merchant));
    expect(redirected).toBe(`epay order query (api.php): ${base} could not be reached (unexpected redirect)`);
  });

  it('posts the refund as a form with pid, key, trade number and yuan', async () => {
    let received = '';
    answer = (req, res) => {
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (received += chunk));
      req.on('end', () => res.end('{"code":1,"msg":"退款成功"}'));
    };
    expect(await refundOrder(base, { tradeNo: 'T 1', money: '3.00' }, merchant)).toEqual({ ok: true });
    expect(Object.fromEntries(new URLSearchParams(received))).toEqual({ pid: '1001', key: merchant.key, trade_no: 'T 1', money: '3.00' });
  });

  it('stops waiting when the caller aborts', async () => {
    answer = () => undefined;
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    expect(await failureOf(queryOrder(base, PAYMENT, merchant, abort.signal))).toBe('epay order query (api.php): abandoned (the caller stopped waiting)');
  });
});
