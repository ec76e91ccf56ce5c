import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { QueryDeepPartialEntity } from 'typeorm';
import { GoodsHistoryEntity } from './goods-history.entity';

/** The change history of goods items: append-only. */
@Injectable()
export class GoodsHistoryRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(GoodsHistoryEntity);
  }

  async append(entry: GoodsHistoryEntity): Promise<void> {
    // The diff holds arbitrary JSON values, which TypeORM's deep-partial type cannot express.
    await this.repo.insert(entry as QueryDeepPartialEntity<GoodsHistoryEntity>);
  }

  /** Newest first. */
  listFor(goodsId: string, page: { limit: number; offset: number }): Promise<[GoodsHistoryEntity[], number]> {
    return this.repo.findAndCount({
      where: { goodsId },
      order: { version: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
  }
}
