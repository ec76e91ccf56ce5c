import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { EmailsAdmin } from '../application/emails-admin';
import { EmailIdParam, EmailListQuery, ResendEmailBody } from './notifications.dto';

@ApiTags('admin: notifications')
@Controller('admin/notifications/emails')
export class EmailsAdminController {
  constructor(private readonly emails: EmailsAdmin) {}

  @Get()
  @AdminOnly('operator')
  @ApiOperation({ summary: 'The e-mail outbox, newest first: buyer e-mails and merchant alerts, their status, attempts and last error (never a body)' })
  list(@Query() q: EmailListQuery) {
    return this.emails.list(q);
  }

  @Post(':id/resend')
  @HttpCode(200)
  @AdminOnly('operator')
  @Transactional()
  @ApiOperation({ summary: 'Queues a failed or sent e-mail again with fresh attempts (audited); 409 while it is pending or sending' })
  resend(@Param() { id }: EmailIdParam, @Body() body: ResendEmailBody) {
    return this.emails.resend(id, body.reason);
  }
}
