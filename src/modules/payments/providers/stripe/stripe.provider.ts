import { Injectable } from '@nestjs/common';
import type {
  CallbackAcknowledgement,
  CallbackVerification,
  ChannelTestResult,
  CreatedPayment,
  CreatePaymentContext,
  PaymentProvider,
  ProviderChannel,
  ProviderPaymentState,
  ProviderRefund,
  QueryPaymentContext,
  ReceivedCallback,
  RefundContext,
} from '../payment-provider';

/** SKELETON: to be implemented (issue 5). */
@Injectable()
export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe';
  readonly testOnly = false;

  credentialProblems(_credentials: Record<string, string>): string[] {
    return ['not implemented yet'];
  }

  settingProblems(_settings: Record<string, unknown>): string[] {
    return [];
  }

  currencyProblems(_currency: string): string[] {
    return [];
  }

  testChannel(_channel: ProviderChannel, _signal: AbortSignal): Promise<ChannelTestResult> {
    throw new Error('not implemented');
  }

  createPayment(_ctx: CreatePaymentContext): Promise<CreatedPayment> {
    throw new Error('not implemented');
  }

  queryPayment(_ctx: QueryPaymentContext): Promise<ProviderPaymentState> {
    throw new Error('not implemented');
  }

  refund(_ctx: RefundContext): Promise<ProviderRefund> {
    throw new Error('not implemented');
  }

  verifyCallback(_callback: ReceivedCallback, _credentials: Record<string, string>, _now: Date): CallbackVerification {
    return { outcome: 'refused', reason: 'not implemented' };
  }

  acknowledge(): CallbackAcknowledgement {
    return { status: 200, contentType: 'text/plain', body: 'success' };
  }
}
