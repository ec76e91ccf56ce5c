import { Injectable } from '@nestjs/common';
import { PaymentsFacade } from './public/payments.facade';

@Injectable()
export class PaymentsFacadeService extends PaymentsFacade {}
