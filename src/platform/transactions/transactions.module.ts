import { Global, Module } from '@nestjs/common';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { resolveRequestId } from '../http/request-id';

/**
 * The ambient transaction: code that runs inside `txHost.withTransaction(...)` (or a
 * `@Transactional()` method) and uses `txHost.tx` joins the same database transaction, so a facade
 * call made inside a transaction commits or rolls back with it.
 */
@Global()
@Module({
  imports: [
    ClsModule.forRoot({
      global: true,
      middleware: {
        mount: true,
        generateId: true,
        idGenerator: (req) => resolveRequestId(req),
      },
      plugins: [
        new ClsPluginTransactional({
          imports: [TypeOrmModule],
          adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: DataSource }),
          enableTransactionProxy: true,
        }),
      ],
    }),
  ],
})
export class TransactionsModule {}
