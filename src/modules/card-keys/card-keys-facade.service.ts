import { Injectable } from '@nestjs/common';
import { CardKeysFacade } from './public/card-keys.facade';

@Injectable()
export class CardKeysFacadeService extends CardKeysFacade {}
