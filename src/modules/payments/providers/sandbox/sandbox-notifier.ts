import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../../../platform/clock/clock';
import { encodeSandboxNotification, SandboxNotification } from '../../domain/sandbox-notification';
import { SANDBOX_SIGNATURE_HEADER, signSandboxPayload } from '../../domain/sandbox-signature';

export interface NotifyResult {
  /** The shop's HTTP status, or null when it could not be reached. */
  status: number | null;
  body: string;
}

/** Sends the sandbox's signed callback to the shop over real HTTP, as a provider's server would. */
@Injectable()
export class SandboxNotifier {
  private readonly logger = new Logger('SandboxProvider');

  constructor(private readonly clock: Clock) {}

  async send(input: {
    baseUrl: string;
    channel: string;
    secret: string;
    format: 'form' | 'json';
    notification: SandboxNotification;
  }): Promise<NotifyResult> {
    const { contentType, body } = encodeSandboxNotification(input.notification, input.format);
    const url = `${input.baseUrl}/api/payments/callbacks/${encodeURIComponent(input.channel)}`;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': contentType, [SANDBOX_SIGNATURE_HEADER]: signSandboxPayload(input.secret, body, this.clock.now()) },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      return { status: res.status, body: await res.text() };
    } catch (e) {
      this.logger.warn({ channel: input.channel, paymentId: input.notification.paymentId, error: (e as Error).message }, 'sandbox callback could not be delivered');
      return { status: null, body: (e as Error).message };
    }
  }
}
