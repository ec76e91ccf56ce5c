import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { Idempotent } from '../../../platform/http/idempotency';
import { CategoriesAdminService } from '../application/categories-admin.service';
import { AdminCategoryQuery, CreateCategoryDto, UpdateCategoryDto } from './category.dto';
import { IdParam } from './request-fields';

@ApiTags('admin: goods')
@Controller('admin/categories')
@AdminOnly('operator')
export class AdminCategoriesController {
  constructor(private readonly categories: CategoriesAdminService) {}

  @Post()
  @Idempotent()
  create(@Body() body: CreateCategoryDto) {
    return this.categories.create(body);
  }

  @Get()
  list(@Query() query: AdminCategoryQuery) {
    return this.categories.list(query);
  }

  @Get(':id')
  get(@Param() { id }: IdParam) {
    return this.categories.get(id);
  }

  @Patch(':id')
  update(@Param() { id }: IdParam, @Body() body: UpdateCategoryDto) {
    return this.categories.update(id, body);
  }

  /** Only an empty category can be deleted (409 category_in_use otherwise); hide it instead. */
  @Delete(':id')
  @HttpCode(204)
  async delete(@Param() { id }: IdParam): Promise<void> {
    await this.categories.delete(id);
  }
}
