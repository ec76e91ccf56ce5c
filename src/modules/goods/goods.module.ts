import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { facadeProviders } from '../../platform/observability/instrumented-facade';
import { ModuleLabel } from '../../platform/observability/module-label';
import { CardKeysModule } from '../card-keys';
import { CategoriesAdminService } from './application/categories-admin.service';
import { DynamicDeliveryReadiness } from './application/dynamic-delivery-readiness';
import { GoodsAdminService } from './application/goods-admin.service';
import { GoodsChangeRecorder } from './application/goods-change-recorder';
import { StockReader } from './application/stock-reader';
import { StorefrontCatalogue } from './application/storefront-catalogue.service';
import { GoodsFacadeService } from './goods-facade.service';
import { AdminCategoriesController } from './http/admin-categories.controller';
import { AdminGoodsController } from './http/admin-goods.controller';
import { StorefrontGoodsController } from './http/storefront-goods.controller';
import { CategoryEntity } from './persistence/category.entity';
import { CategoryRepository } from './persistence/category.repository';
import { GoodsHistoryEntity } from './persistence/goods-history.entity';
import { GoodsHistoryRepository } from './persistence/goods-history.repository';
import { GoodsEntity } from './persistence/goods.entity';
import { GoodsRepository } from './persistence/goods.repository';
import { StorefrontGoodsQuery } from './persistence/storefront-goods.query';
import { GoodsFacade } from './public/goods.facade';

@ModuleLabel('goods')
@Module({
  imports: [TypeOrmModule.forFeature([CategoryEntity, GoodsEntity, GoodsHistoryEntity]), CardKeysModule],
  controllers: [AdminCategoriesController, AdminGoodsController, StorefrontGoodsController],
  providers: [
    CategoryRepository,
    GoodsRepository,
    GoodsHistoryRepository,
    StorefrontGoodsQuery,
    GoodsChangeRecorder,
    CategoriesAdminService,
    GoodsAdminService,
    StockReader,
    StorefrontCatalogue,
    DynamicDeliveryReadiness,
    ...facadeProviders(GoodsFacade, GoodsFacadeService, 'goods'),
  ],
  exports: [GoodsFacade],
})
export class GoodsModule {}
