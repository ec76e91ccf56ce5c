import { Injectable } from '@nestjs/common';
import { OrdersFacade } from './public/orders.facade';

@Injectable()
export class OrdersFacadeService extends OrdersFacade {}
