import { AlipayRequestError, AlipaySdk } from 'alipay-sdk';
import { readAlipayCredentials } from '../../domain/alipay-credentials';

/**
 * One channel's connection to Alipay's OpenAPI v2 gateway through the official alipay-sdk: it signs
 * our requests (RSA2 with the app's private key), checks the signature of every answer and of
 * notifications (Alipay's public key), and turns failures into messages that never carry a key,
 * a signature or the signed request URL.
 */

/** The `<method>_response` node of a verified answer, with Alipay's snake_case field names. */
export type AlipayAnswer = Record<string, unknown>;

/** A failed call; the message is safe to log and show to an admin. */
export class AlipayCallError extends Error {
  override readonly name = 'AlipayCallError';
}

/**
 * alipay-sdk waits 5 s by default; Alipay's Java SDK reads for 15 s, which a refund may need.
 * Bounds the calls made without a signal (query, refund) and whatever a raced call leaves behind.
 */
const REQUEST_TIMEOUT_MS = 15_000;

/** The code of a call Alipay accepted; anything else is a refusal with a sub_code. */
const ALIPAY_SUCCESS = '10000';

export const isAccepted = (answer: AlipayAnswer) => answer.code === ALIPAY_SUCCESS;

/** "40004 ACQ.TRADE_NOT_EXIST: 交易不存在" (the sub_msg shortened): Alipay's reason, for messages. */
export function refusalOf(answer: AlipayAnswer): string {
  const text = (key: string) => (typeof answer[key] === 'string' ? (answer[key] as string) : '');
  const subMsg = [...text('sub_msg')].slice(0, 120).join('');
  return `${text('code') || 'no code'} ${text('sub_code') || text('msg')}${subMsg ? `: ${subMsg}` : ''}`;
}

class UnsignedAnswer extends Error {
  constructor(readonly gatewaySays: string) {
    super('unsigned answer');
  }
}

class AnswerSignatureMismatch extends Error {}

/**
 * The SDK's answer check (exec with validateSign), kept, with two cases made clear: the gateway
 * reports its own errors (isv.invalid-app-id...) unsigned, on which the SDK would fail with a bare
 * TypeError and hide the code the admin needs; and the SDK's mismatch error quotes the signature.
 * An unsigned answer is never trusted: it only ever becomes an error.
 */
class VerifyingAlipaySdk extends AlipaySdk {
  override checkResponseSign(responseDataRaw: string, responseKey: string, serverSign: string, traceId: string): void {
    if (typeof serverSign !== 'string' || serverSign === '') throw new UnsignedAnswer(gatewayErrorIn(responseDataRaw, responseKey));
    // The SDK reads `error_response` when the method's node is absent; its signature covers that node.
    const signedKey = responseDataRaw.includes(`"${responseKey}"`) ? responseKey : 'error_response';
    // JSON.parse keeps the last of repeated keys while the SDK checks the text after the first:
    // a signed node followed by another would pass the check and be the one read.
    if (responseDataRaw.split(`"${signedKey}"`).length !== 2) throw new AnswerSignatureMismatch();
    try {
      super.checkResponseSign(responseDataRaw, signedKey, serverSign, traceId);
    } catch {
      throw new AnswerSignatureMismatch();
    }
  }
}

export class AlipayClient {
  private constructor(private readonly sdk: AlipaySdk) {}

  /**
   * Throws AlipayCallError naming the unusable credential fields (never their values). Without a
   * gateway (checking a notification needs none) it is the SDK's default, Alipay's production one.
   */
  static open(credentials: Record<string, string>, gateway?: string): AlipayClient {
    const read = readAlipayCredentials(credentials);
    if (!read.ok) throw new AlipayCallError(`alipay: the channel's credentials are unusable (${read.problems.join('; ')})`);
    return new AlipayClient(
      new VerifyingAlipaySdk({
        appId: read.keys.appId,
        privateKey: read.keys.privateKeyPkcs8,
        keyType: 'PKCS8',
        alipayPublicKey: read.keys.alipayPublicKeySpki,
        signType: 'RSA2',
        ...(gateway === undefined ? {} : { gateway }),
        timeout: REQUEST_TIMEOUT_MS,
        camelcase: false,
      }),
    );
  }

  /**
   * Calls a gateway method and returns its verified answer node, accepted or not (check `code`).
   * The SDK takes no AbortSignal: an aborted call stops being waited for at once, and the request
   * itself ends at the SDK's timeout.
   */
  async call(method: string, bizContent: Record<string, string>, options: { signal?: AbortSignal; notifyUrl?: string } = {}): Promise<AlipayAnswer> {
    const { signal, notifyUrl } = options;
    if (signal?.aborted) throw abandoned(method);
    const params = notifyUrl === undefined ? { bizContent } : { bizContent, notifyUrl };
    try {
      const answer = await whileNotAborted(this.sdk.exec(method, params, { validateSign: true }), signal, method);
      return answer as AlipayAnswer;
    } catch (e) {
      throw describeFailure(method, e);
    }
  }

  /** The signed URL of Alipay's cashier page (page pay, GET): nothing is sent until the buyer opens it. */
  pagePayUrl(bizContent: Record<string, string>, urls: { notifyUrl: string; returnUrl: string }): string {
    return this.sdk.pageExecute('alipay.trade.page.pay', 'GET', { bizContent, notifyUrl: urls.notifyUrl, returnUrl: urls.returnUrl });
  }

  /**
   * Alipay's notify check over the fields exactly as received (already form-decoded, so the SDK
   * must not decode them again: checkNotifySignV2): sorted `k=v` pairs without sign (and, by
   * Alipay's rule, without sign_type), SHA256withRSA under Alipay's public key.
   */
  notifySignatureHolds(fields: Record<string, string>): boolean {
    try {
      return this.sdk.checkNotifySignV2(fields);
    } catch {
      // verifyCallback never throws: what the check cannot digest is simply not a valid signature.
      return false;
    }
  }
}

function whileNotAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, method: string): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abandoned(method));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const abandoned = (method: string) => new AlipayCallError(`alipay: ${method} abandoned (the caller stopped waiting)`);

/** Our own words for every failure: the SDK's messages may quote the signature or the signed URL. */
function describeFailure(method: string, e: unknown): AlipayCallError {
  if (e instanceof AlipayCallError) return e;
  if (e instanceof UnsignedAnswer) {
    return new AlipayCallError(`alipay: ${method}: the gateway's answer is not signed, so not trusted (it reads ${e.gatewaySays})`);
  }
  if (e instanceof AnswerSignatureMismatch) {
    return new AlipayCallError(`alipay: ${method}: the answer's signature does not verify with alipayPublicKey`);
  }
  if (e instanceof AlipayRequestError) {
    // The HTTP client's own error (refused, reset, timed out); not `instanceof Error` across realms.
    if (typeof e.cause === 'object' && e.cause !== null) {
      const { name, code } = e.cause as { name?: unknown; code?: unknown };
      const what = [name, code].filter((part) => typeof part === 'string').join(' ');
      return new AlipayCallError(`alipay: ${method}: no answer from the gateway${what ? ` (${what})` : ''}`);
    }
    const status = /status: (\d{3})/.exec(e.message)?.[1];
    if (status) return new AlipayCallError(`alipay: ${method}: the gateway answered HTTP ${status}`);
    return new AlipayCallError(`alipay: ${method}: the gateway's answer is not a ${method} answer`);
  }
  return new AlipayCallError(`alipay: ${method} failed (${e instanceof Error ? e.name : 'unknown error'})`);
}

/** The code and sub_code of an unsigned gateway error, for the admin; never trusted otherwise. */
function gatewayErrorIn(raw: string, responseKey: string): string {
  try {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    const node = parsed[responseKey] ?? parsed.error_response;
    if (typeof node === 'object' && node !== null) return refusalOf(node as AlipayAnswer);
  } catch {
    // Not JSON: nothing more to say.
  }
  return 'no readable error code';
}
