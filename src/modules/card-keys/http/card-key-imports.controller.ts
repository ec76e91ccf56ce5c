import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AdminOnly, AdminRequest } from '../../../platform/auth/admin-auth.guard';
import { NotFoundError, ValidationError } from '../../../platform/http/app-error';
import { PageQuery } from '../../../platform/http/pagination';
import { ImportStatusQuery } from '../imports/import-status.query';
import { KeyUploads } from '../imports/key-uploads';
import { BatchIdParam, GoodsIdParam, JsonImportBody } from './card-keys.dto';
import { fileLinesOf, linesOf } from './line-sources';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

@ApiTags('admin: card keys')
@Controller('admin/card-keys')
@AdminOnly('operator')
export class CardKeyImportsController {
  constructor(
    private readonly uploads: KeyUploads,
    private readonly status: ImportStatusQuery,
  ) {}

  @Post('goods/:goodsId/imports')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Import keys, one a line: text/plain body, multipart file (field "file"), or JSON {"keys": [...]}',
    description: 'Answers when the upload is stored; the import itself runs as a job. Poll the batch for counts.',
  })
  @ApiConsumes('text/plain', 'multipart/form-data', 'application/json')
  async import(@Param() { goodsId }: GoodsIdParam, @Req() req: AdminRequest & Request) {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const by = req.admin?.email ?? 'unknown';
    if (type === 'text/plain') return this.uploads.upload(goodsId, 'text', linesOf(req), by);
    if (type === 'multipart/form-data') return this.uploads.upload(goodsId, 'file', await fileLinesOf(req), by);
    if (type === 'application/json') {
      const body = plainToInstance(JsonImportBody, req.body);
      const errors = await validate(body, { whitelist: true, forbidNonWhitelisted: true });
      if (errors.length > 0) {
        throw new ValidationError(
          'Invalid request: send {"keys": ["...", ...]} with 1 to 50,000 strings',
          errors.map((e) => ({ field: e.property, problems: Object.values(e.constraints ?? {}) })),
        );
      }
      return this.uploads.upload(goodsId, 'json', body.keys, by);
    }
    throw new ValidationError('Send keys as text/plain, multipart/form-data (field "file") or application/json');
  }

  @Get('imports/:batchId')
  async batch(@Param() { batchId }: BatchIdParam) {
    const batch = await this.status.get(batchId);
    if (!batch) throw new NotFoundError(`No import batch ${batchId}`, 'import_batch_not_found');
    return batch;
  }

  @Get('goods/:goodsId/imports')
  list(@Param() { goodsId }: GoodsIdParam, @Query() page: PageQuery) {
    return this.status.list(goodsId, page);
  }
}
