import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Min, ValidateNested } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { AdminOnly } from '../../src/platform/auth/admin-auth.guard';
import { Idempotent } from '../../src/platform/http/idempotency';
import { ModuleLabel } from '../../src/platform/observability/module-label';

export const THINGS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS public.test_things (
  id uuid PRIMARY KEY, name text NOT NULL, quantity integer NOT NULL)`;

class Dimensions {
  @IsInt() @Min(1) width: number;
}

class CreateThing {
  @IsString() @Length(1, 40) name: string;
  @IsInt() @Min(1) quantity: number;
}

class CreateBox {
  @ValidateNested() @Type(() => Dimensions) size: Dimensions;
}

/** Endpoints that exist only in tests, to exercise the platform's HTTP behaviour. */
@Controller('api/test')
class TestThingsController {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  @Post('things')
  @Idempotent()
  async create(@Body() body: CreateThing) {
    const id = randomUUID();
    await this.txHost.tx.query(`INSERT INTO public.test_things (id, name, quantity) VALUES ($1, $2, $3)`, [
      id,
      body.name,
      body.quantity,
    ]);
    // A slow handler widens the window in which concurrent retries arrive.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { id, name: body.name, quantity: body.quantity };
  }

  @Post('boxes')
  createBox(@Body() body: CreateBox) {
    return body;
  }
}

@Controller('admin/test')
class TestAdminController {
  @Get('finance-only')
  @AdminOnly('finance')
  financeOnly() {
    return { ok: true };
  }

  @Get('owner-only')
  @AdminOnly()
  ownerOnly() {
    return { ok: true };
  }
}

@ModuleLabel('test-http')
@Module({ controllers: [TestThingsController, TestAdminController] })
export class TestHttpModule {}
