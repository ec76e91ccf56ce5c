import { Body, Controller, Get, Header, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SandboxCheckout } from '../providers/sandbox/sandbox-checkout';
import { paidPage, payPage } from '../providers/sandbox/sandbox-pay-page';
import { sandboxPayPath } from '../providers/sandbox/sandbox.provider';
import { PaymentIdParam, SandboxPayBody } from './payments.dto';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";

/**
 * The sandbox provider's hosted pay page. Paying sends the signed callback to this same server,
 * over real HTTP, at the address the buyer's request came in on (the connection's own local
 * address and port, not the Host header, so nobody can point the callback elsewhere).
 */
@ApiTags('sandbox provider')
@Controller('api/payments/sandbox/pay')
export class SandboxPayController {
  constructor(private readonly checkout: SandboxCheckout) {}

  @Get(':paymentId')
  @ApiProduces('text/html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CSP)
  @ApiOperation({ summary: 'The hosted pay page: amount, order number and a Pay button' })
  async page(@Param() { paymentId }: PaymentIdParam): Promise<string> {
    return payPage(await this.checkout.show(paymentId), sandboxPayPath(paymentId));
  }

  @Post(':paymentId')
  @HttpCode(200)
  @ApiProduces('text/html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CSP)
  @ApiOperation({ summary: 'Pays (or fails) the payment and sends the shop the signed callback' })
  async pay(
    @Param() { paymentId }: PaymentIdParam,
    @Body() body: SandboxPayBody,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const { transaction, callback } = await this.checkout.pay(paymentId, {
      outcome: body.outcome,
      notify: body.notify === 'yes',
      baseUrl: localBaseUrl(req),
    });
    res.setHeader('X-Sandbox-Callback-Status', callback?.status === null || !callback ? 'none' : String(callback.status));
    return paidPage(transaction, callback?.status ?? null);
  }
}

/** This server as reached by the incoming connection. */
function localBaseUrl(req: Request): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  const host = address.startsWith('::ffff:') ? address.slice(7) : address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${req.socket.localPort}`;
}
