import { Module } from '@nestjs/common';
import { QueueModule } from '../../platform/queue/queue.module';
import { facadeProviders } from '../../platform/observability/instrumented-facade';
import { ModuleLabel } from '../../platform/observability/module-label';
import { ExternalKeys } from './allocation/external-keys';
import { KeyAllocator } from './allocation/key-allocator';
import { CardKeysFacadeService } from './card-keys-facade.service';
import { CardKeyImportsController } from './http/card-key-imports.controller';
import { CardKeysAdminController } from './http/card-keys-admin.controller';
import { PartnerController } from './http/partner.controller';
import { PartnersAdminController } from './http/partners-admin.controller';
import { PartnerAccounts } from './partner/partner-accounts';
import { PartnerAuthGuard } from './partner/partner-auth.guard';
import { PartnerClaims } from './partner/partner-claims';
import { ImportBatchProcessor } from './imports/import-batch.processor';
import { IMPORT_QUEUE } from './imports/import-queue';
import { ImportStatusQuery } from './imports/import-status.query';
import { KeyUploads } from './imports/key-uploads';
import { CardKeysWorkers } from './jobs/card-keys-workers';
import { CardKeysFacade } from './public/card-keys.facade';
import { GoodsSettings } from './stock/goods-settings';
import { StockWatch } from './stock/stock-watch';
import { CardKeyCipher } from './vault/card-key-cipher';
import { KeyReader } from './vault/key-reader';
import { VaultAdmin } from './vault/vault-admin';

@ModuleLabel('card-keys')
@Module({
  imports: [QueueModule.registerQueues(IMPORT_QUEUE)],
  controllers: [CardKeyImportsController, CardKeysAdminController, PartnersAdminController, PartnerController],
  providers: [
    CardKeyCipher,
    KeyReader,
    GoodsSettings,
    StockWatch,
    KeyAllocator,
    ExternalKeys,
    KeyUploads,
    ImportBatchProcessor,
    ImportStatusQuery,
    VaultAdmin,
    CardKeysWorkers,
    PartnerAccounts,
    PartnerClaims,
    PartnerAuthGuard,
    ...facadeProviders(CardKeysFacade, CardKeysFacadeService, 'card-keys'),
  ],
  exports: [CardKeysFacade],
})
export class CardKeysModule {}
