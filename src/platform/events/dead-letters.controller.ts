import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { AuditLog } from '../audit/audit-log';
import { AdminOnly, AdminRequest } from '../auth/admin-auth.guard';
import { PageQuery } from '../http/pagination';
import { Transactional } from '@nestjs-cls/transactional';
import { DeadLetters } from './dead-letters';

class DeadLetterQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['dead', 'redriven'] })
  @IsOptional()
  @IsIn(['dead', 'redriven'])
  status?: 'dead' | 'redriven';
}

class DeadLetterParams {
  @IsUUID()
  eventId: string;

  @Matches(/^[a-z][a-z-]*\.[a-z0-9][a-z0-9.-]*$/, { message: 'subscriber must read <module>.<name>' })
  subscriber: string;
}

/** Event deliveries that used up their retries, and the button that tries them again. */
@ApiTags('admin: events')
@Controller('admin/events/dead-letters')
@AdminOnly('operator')
export class DeadLettersController {
  constructor(
    private readonly deadLetters: DeadLetters,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  list(@Query() query: DeadLetterQuery) {
    return this.deadLetters.list(query);
  }

  @Post(':eventId/:subscriber/redrive')
  @HttpCode(200)
  @Transactional()
  async redrive(@Param() params: DeadLetterParams, @Req() req: AdminRequest) {
    const result = await this.deadLetters.redrive(params.eventId, params.subscriber, req.admin?.email ?? 'unknown');
    await this.audit.record({
      action: 'platform.event.redrive',
      targetType: 'event-delivery',
      targetId: `${params.eventId}:${params.subscriber}`,
      details: { redriveCount: result.redriveCount },
    });
    return result;
  }
}
