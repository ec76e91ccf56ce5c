import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ClockModule } from './clock/clock.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { HttpModule } from './http/http.module';
import { ObservabilityModule } from './observability/observability.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './redis/redis.module';
import { TransactionsModule } from './transactions/transactions.module';

/** The shared infrastructure every business module may use. It imports no business module. */
@Module({
  imports: [
    ConfigModule,
    ClockModule,
    ObservabilityModule,
    DatabaseModule,
    TransactionsModule,
    RedisModule,
    QueueModule,
    EventsModule,
    AuthModule,
    AuditModule,
    HttpModule,
  ],
})
export class PlatformModule {}
