import { Injectable } from '@nestjs/common';
import { GoodsFacade } from './public/goods.facade';

@Injectable()
export class GoodsFacadeService extends GoodsFacade {}
