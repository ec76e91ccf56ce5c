import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';

/**
 * Says at start, loudly, when production has dynamic goods on sale but no DYNAMIC_DELIVERY_SECRET
 * (it was removed after they went on sale): their paid orders will wait, each delivery attempt
 * failing with that reason, until the secret is set. The shop still starts: auto goods sell on.
 */
@Injectable()
export class DynamicDeliveryReadiness implements OnApplicationBootstrap {
  private readonly logger = new Logger('GoodsDynamicDelivery');

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.NODE_ENV !== 'production' || this.config.DYNAMIC_DELIVERY_SECRET) return;
    const [{ n }] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM goods.goods WHERE delivery_type = 'dynamic' AND on_sale AND archived_at IS NULL`,
    )) as [{ n: number }];
    if (n > 0) {
      this.logger.error(`${n} dynamic goods are on sale but DYNAMIC_DELIVERY_SECRET is not set: their orders cannot be delivered until it is`);
    }
  }
}
