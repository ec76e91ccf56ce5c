import { Controller, HttpCode, Logger, Param, PayloadTooLargeException, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CallbackIntake } from '../callbacks/callback-intake';
import type { RawBodyRequest } from './callback-raw-body.middleware';
import { CallbackChannelParam } from './payments.dto';

@ApiTags('payment callbacks')
@Controller('api/payments/callbacks')
export class CallbacksController {
  private readonly logger = new Logger('PaymentCallbacks');

  constructor(private readonly intake: CallbackIntake) {}

  @Post(':channel')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOperation({
    summary: "A provider's payment notification: verified over the raw body, stored once, settled by a worker",
    description: "Answers with the provider's expected acknowledgement; 400 invalid_callback for a bad signature (nothing stored)",
  })
  async receive(@Param() { channel }: CallbackChannelParam, @Req() req: RawBodyRequest, @Res() res: Response): Promise<void> {
    if (req.rawBodyTooLarge) throw new PayloadTooLargeException('The callback body is too large');
    if (!Buffer.isBuffer(req.rawBody)) {
      // Only when the app was created without `rawBody: true`: no signature can be checked.
      this.logger.error({ channel }, 'the raw body of a payment callback is unavailable; create the app with rawBody: true');
      throw new Error('raw body unavailable');
    }
    const ack = await this.intake.receive(channel, req.rawBody, req.headers);
    res.status(ack.status).type(ack.contentType).send(ack.body);
  }
}
