import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PageQuery } from '../../../platform/http/pagination';
import { StorefrontCatalogue } from '../application/storefront-catalogue.service';
import { StorefrontGoodsQueryDto } from './goods-queries.dto';
import { IdParam } from './request-fields';

@ApiTags('storefront: goods')
@Controller('api')
export class StorefrontGoodsController {
  constructor(private readonly catalogue: StorefrontCatalogue) {}

  /** On-sale goods of visible categories, by sortOrder then title, with live stock. */
  @Get('goods')
  list(@Query() query: StorefrontGoodsQueryDto) {
    return this.catalogue.list({
      categoryId: query.categoryId,
      categorySlug: query.category,
      q: query.q,
      limit: query.limit,
      offset: query.offset,
    });
  }

  @Get('goods/:id')
  detail(@Param() { id }: IdParam) {
    return this.catalogue.detail(id);
  }

  @Get('categories')
  categories(@Query() page: PageQuery) {
    return this.catalogue.categories(page);
  }
}
