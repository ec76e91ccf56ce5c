import { Body, Controller, Get, Headers, Param, Post, Req } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import type { Request } from 'express';
import { CurrentMember, MemberOptional } from '../../../platform/auth/member-auth.guard';
import { ValidationError } from '../../../platform/http/app-error';
import { BuyerTickets } from '../application/buyer-tickets';
import { TicketOpening } from '../application/ticket-opening';
import { attachmentsOf, guestKey, messageOf, TICKET_TOKEN_HEADER } from './buyer-input';
import { MessageBody, OpenTicketBody, TicketIdParam } from './support.dto';

const tokenHeader = { name: 'X-Ticket-Token', description: 'The access token handed out when the ticket was opened (guests)', required: true };

@ApiTags('storefront: support')
@Controller('api/support/tickets')
export class BuyerTicketsController {
  constructor(
    private readonly opening: TicketOpening,
    private readonly buyerTickets: BuyerTickets,
  ) {}

  /**
   * A guest proves the order with its number, contact and query password (the lookup's checks and rate
   * limit) and gets the ticket's access token once. A signed-in member names one of their orders by
   * number, or none.
   */
  @Post()
  @MemberOptional()
  @Transactional()
  @ApiOperation({ summary: 'Opens a ticket: a guest about an order (number + contact + query password), a member about one of their orders or in general' })
  async open(@Body() body: OpenTicketBody, @CurrentMember() memberId: string | null, @Req() req: Request) {
    const input = { category: body.category, subject: body.subject, message: body.message, attachments: attachmentsOf(body.attachments), keyId: body.keyId };
    if (memberId) {
      if (body.contact !== undefined || body.queryPassword !== undefined) {
        throw new ValidationError('Signed in, name your order by its number only; a guest order is added to your account with POST /api/me/orders/claim', [
          { field: body.contact !== undefined ? 'contact' : 'queryPassword', problems: ['not for signed-in members'] },
        ]);
      }
      const ticket = await this.opening.forMember(memberId, body.orderNo, input);
      return { ticket: await this.buyerTickets.viewOf(ticket), accessToken: null };
    }
    const missing = (['orderNo', 'contact', 'queryPassword'] as const).filter((f) => body[f] === undefined);
    if (missing.length > 0) {
      throw new ValidationError('A guest opens a ticket about an order: give its orderNo, contact and queryPassword (or sign in)', missing.map((field) => ({ field, problems: ['required for guests'] })));
    }
    const { ticket, accessToken } = await this.opening.forGuest(
      { orderNo: body.orderNo as string, contact: (body.contact as string).trim(), queryPassword: body.queryPassword as string, client: req.ip ?? 'unknown' },
      input,
    );
    return { ticket: await this.buyerTickets.viewOf(ticket), accessToken };
  }

  @Get(':id')
  @ApiHeader(tokenHeader)
  @ApiOperation({ summary: "A guest's ticket and its conversation" })
  view(@Param() { id }: TicketIdParam, @Headers(TICKET_TOKEN_HEADER) token?: string) {
    return this.buyerTickets.view(id, guestKey(token));
  }

  @Post(':id/messages')
  @ApiHeader(tokenHeader)
  @Transactional()
  @ApiOperation({ summary: "A guest's reply (reopens a ticket waiting on them or resolved; a closed ticket is final)" })
  reply(@Param() { id }: TicketIdParam, @Body() body: MessageBody, @Headers(TICKET_TOKEN_HEADER) token?: string) {
    return this.buyerTickets.reply(id, guestKey(token), messageOf(body));
  }
}
