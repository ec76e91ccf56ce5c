import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { OrderSummary } from '../application/order-summary';

export class OrderSummaryQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 90, default: 7, description: 'Whole days, today included' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(90)
  days = 7;

  @ApiPropertyOptional({ minimum: -840, maximum: 840, default: 0, description: "Where the admin's days begin: minutes east of UTC (China: 480)" })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(-840)
  @Max(840)
  offsetMinutes = 0;
}

/**
 * Registered before AdminOrdersController (see orders.module.ts), so `summary` is not read as an
 * order id by `GET /admin/orders/:orderId`.
 */
@ApiTags('admin: orders')
@Controller('admin/orders')
@AdminOnly('operator', 'support', 'finance')
export class AdminOrderSummaryController {
  constructor(private readonly summary: OrderSummary) {}

  @Get('summary')
  @ApiOperation({ summary: 'Orders placed, paid and sales per day over the last days (the console dashboard)' })
  get(@Query() q: OrderSummaryQuery) {
    return this.summary.of({ days: q.days, offsetMinutes: q.offsetMinutes });
  }
}
