import { Controller, Get, HttpCode, Logger, Param, PayloadTooLargeException, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CallbackIntake } from '../callbacks/callback-intake';
import type { RawBodyRequest } from './callback-raw-body.middleware';
import { CallbackChannelParam, CallbackRefParam } from './payments.dto';

@ApiTags('payment callbacks')
@Controller('api/payments/callbacks')
export class CallbacksController {
  private readonly logger = new Logger('PaymentCallbacks');

  constructor(private readonly intake: CallbackIntake) {}

  /**
   * Providers reach us four ways: POST (Alipay, Stripe, the sandbox) or GET (epay sends its notify
   * as a query string), to the channel's URL or to the per-payment URL that ends in the payment id.
   */
  @Post(':channel')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOperation({
    summary: "A provider's payment notification: verified over the raw body, stored once, settled by a worker",
    description: "Answers with the provider's expected acknowledgement; 400 invalid_callback for a bad signature (nothing stored)",
  })
  post(@Param() { channel }: CallbackChannelParam, @Req() req: RawBodyRequest, @Res() res: Response): Promise<void> {
    return this.receive(channel, null, req, res);
  }

  @Post(':channel/:ref')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOperation({ summary: 'The same, at the per-payment notify URL given to the provider (the payment id must match the signed one)' })
  postForPayment(@Param() { channel, ref }: CallbackRefParam, @Req() req: RawBodyRequest, @Res() res: Response): Promise<void> {
    return this.receive(channel, ref, req, res);
  }

  @Get(':channel')
  @ApiOperation({ summary: 'A notification sent as a GET query string (epay), verified over the raw query' })
  get(@Param() { channel }: CallbackChannelParam, @Req() req: RawBodyRequest, @Res() res: Response): Promise<void> {
    return this.receive(channel, null, req, res);
  }

  @Get(':channel/:ref')
  @ApiOperation({ summary: 'The same, at the per-payment notify URL' })
  getForPayment(@Param() { channel, ref }: CallbackRefParam, @Req() req: RawBodyRequest, @Res() res: Response): Promise<void> {
    return this.receive(channel, ref, req, res);
  }

  private async receive(channel: string, ref: string | null, req: RawBodyRequest, res: Response): Promise<void> {
    if (req.rawBodyTooLarge) throw new PayloadTooLargeException('The callback body is too large');
    const method = req.method === 'GET' ? 'GET' : 'POST';
    if (method === 'POST' && !Buffer.isBuffer(req.rawBody)) {
      // Only when the app was created without `rawBody: true`: no signature can be checked.
      this.logger.error({ channel }, 'the raw body of a payment callback is unavailable; create the app with rawBody: true');
      throw new Error('raw body unavailable');
    }
    const queryAt = req.originalUrl.indexOf('?');
    const ack = await this.intake.receive(channel, {
      method,
      rawBody: method === 'POST' ? (req.rawBody as Buffer) : Buffer.alloc(0),
      rawQuery: queryAt === -1 ? '' : req.originalUrl.slice(queryAt + 1),
      headers: req.headers,
      pathRef: ref,
    });
    res.status(ack.status).type(ack.contentType).send(ack.body);
  }
}
