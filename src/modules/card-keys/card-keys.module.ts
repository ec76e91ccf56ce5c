import { Module } from '@nestjs/common';
import { ModuleLabel } from '../../platform/observability/module-label';
import { CardKeysFacade } from './public/card-keys.facade';
import { CardKeysFacadeService } from './card-keys-facade.service';

@ModuleLabel('card-keys')
@Module({
  providers: [{ provide: CardKeysFacade, useClass: CardKeysFacadeService }],
  exports: [CardKeysFacade],
})
export class CardKeysModule {}
