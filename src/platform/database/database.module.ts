import { Global, Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions, describeDatabase } from './data-source-options';
import { DataDirInUseError } from './embedded/data-dir-lock';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config),
        // Each module registers its own entities with TypeOrmModule.forFeature.
        autoLoadEntities: true,
        // A data directory held by another process stays held: say so at once instead of retrying.
        toRetry: (error: unknown) => !(error instanceof DataDirInUseError),
      }),
    }),
  ],
})
export class DatabaseModule implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Pending migrations are applied before anything else touches the database (unless turned off). */
  async onModuleInit(): Promise<void> {
    this.logger.log(`database: ${describeDatabase(this.config)}`);
    if (!this.config.MIGRATIONS_RUN) return;
    const applied = await this.dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) {
      this.logger.log(`applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
    }
  }
}
