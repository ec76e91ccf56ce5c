import { Injectable } from '@nestjs/common';
import { PromotionsFacade } from './public/promotions.facade';

@Injectable()
export class PromotionsFacadeService extends PromotionsFacade {}
