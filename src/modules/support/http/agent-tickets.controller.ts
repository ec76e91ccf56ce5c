import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { ValidationError } from '../../../platform/http/app-error';
import { AgentDesk } from '../application/agent-desk';
import { AgentMessages } from '../application/agent-messages';
import { TicketActions } from '../application/ticket-actions';
import { messageOf } from './buyer-input';
import { CurrentAdmin } from './current-admin';
import { ActionReasonBody, AgentReplyBody, MessageBody, QueueQuery, ReplaceKeyActionBody, TicketIdParam, TriageBody } from './support.dto';

/** The agents' side (role support; the owner passes everywhere). */
@ApiTags('admin: support')
@Controller('admin/support/tickets')
@AdminOnly('support')
export class AgentTicketsController {
  constructor(
    private readonly desk: AgentDesk,
    private readonly messages: AgentMessages,
    private readonly actions: TicketActions,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The queue, earliest SLA due time first (default: open and pending tickets)' })
  queue(@Query() q: QueueQuery, @CurrentAdmin() agentId: string) {
    return this.desk.queue(q, agentId);
  }

  @Get(':id')
  @ApiOperation({ summary: "The ticket with its messages and notes, the order, the buyer's other orders and tickets, the member's profile" })
  view(@Param() { id }: TicketIdParam) {
    return this.desk.view(id);
  }

  @Patch(':id')
  @Transactional()
  @ApiOperation({ summary: 'Status (through the transitions table), priority (due times recomputed), assignment' })
  triage(@Param() { id }: TicketIdParam, @Body() body: TriageBody, @CurrentAdmin() agentId: string) {
    if (body.status === undefined && body.priority === undefined && body.assigneeId === undefined) {
      throw new ValidationError('Nothing to change: name status, priority or assigneeId');
    }
    return this.desk.triage(id, body, agentId);
  }

  @Post(':id/messages')
  @Transactional()
  @ApiOperation({ summary: 'Replies to the buyer (the first reply is the first response); optionally sets pending or resolved' })
  reply(@Param() { id }: TicketIdParam, @Body() body: AgentReplyBody, @CurrentAdmin() agentId: string) {
    return this.messages.reply(id, agentId, messageOf(body), body.status);
  }

  @Post(':id/notes')
  @Transactional()
  @ApiOperation({ summary: 'An internal note: agents only, never shown to the buyer' })
  note(@Param() { id }: TicketIdParam, @Body() body: MessageBody, @CurrentAdmin() agentId: string) {
    return this.messages.note(id, agentId, messageOf(body));
  }

  @Post(':id/actions/resend-keys')
  @HttpCode(200)
  @Transactional()
  @ApiOperation({ summary: "Shows the order's delivered keys again (orders audits each decryption); noted on the ticket" })
  resendKeys(@Param() { id }: TicketIdParam, @Body() body: ActionReasonBody, @CurrentAdmin() agentId: string) {
    return this.actions.resendKeys(id, agentId, body.reason);
  }

  @Post(':id/actions/replace-key')
  @HttpCode(200)
  @Transactional()
  @ApiOperation({ summary: 'Marks the key defective (never sold again) and delivers a fresh one; noted and audited' })
  replaceKey(@Param() { id }: TicketIdParam, @Body() body: ReplaceKeyActionBody, @CurrentAdmin() agentId: string) {
    return this.actions.replaceKey(id, agentId, body.keyId, body.reason);
  }

  /** Money leaves the shop: finance (or the owner), as for the back office's refund. */
  @Post(':id/actions/refund')
  @HttpCode(200)
  @AdminOnly('finance')
  @Transactional()
  @ApiOperation({ summary: 'Refunds the order in full through orders and payments (role finance); noted and audited' })
  refund(@Param() { id }: TicketIdParam, @Body() body: ActionReasonBody, @CurrentAdmin() agentId: string) {
    return this.actions.refund(id, agentId, body.reason);
  }
}
