import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import { CurrentMember, MemberOnly } from '../../../platform/auth/member-auth.guard';
import { BuyerTickets } from '../application/buyer-tickets';
import { messageOf } from './buyer-input';
import { MessageBody, MyTicketsQuery, TicketIdParam } from './support.dto';

@ApiTags('storefront: support')
@Controller('api/me/tickets')
@MemberOnly()
export class MemberTicketsController {
  constructor(private readonly buyerTickets: BuyerTickets) {}

  @Get()
  @ApiOperation({ summary: 'The tickets I opened signed in, newest first' })
  list(@CurrentMember() memberId: string, @Query() q: MyTicketsQuery) {
    return this.buyerTickets.listOfMember(memberId, q.status, q.limit, q.offset);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of my tickets and its conversation' })
  view(@CurrentMember() memberId: string, @Param() { id }: TicketIdParam) {
    return this.buyerTickets.view(id, { kind: 'member', memberId });
  }

  @Post(':id/messages')
  @Transactional()
  @ApiOperation({ summary: 'My reply (reopens a ticket waiting on me or resolved; a closed ticket is final)' })
  reply(@CurrentMember() memberId: string, @Param() { id }: TicketIdParam, @Body() body: MessageBody) {
    return this.buyerTickets.reply(id, { kind: 'member', memberId }, messageOf(body));
  }
}
