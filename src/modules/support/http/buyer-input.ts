import { HttpStatus } from '@nestjs/common';
import { AppError } from '../../../platform/http/app-error';
import type { BuyerKey } from '../application/buyer-tickets';
import type { MessageInput } from '../application/ticket-conversation';
import type { AttachmentBody, MessageBody } from './support.dto';

export const TICKET_TOKEN_HEADER = 'x-ticket-token';

export function attachmentsOf(list: AttachmentBody[]) {
  return list.map((a) => ({ url: a.url, name: a.name ?? null }));
}

export function messageOf(body: MessageBody): MessageInput {
  return { body: body.body, attachments: attachmentsOf(body.attachments) };
}

/** A guest proves which ticket is theirs with the token they got when they opened it. */
export function guestKey(token: string | undefined): BuyerKey {
  if (!token) {
    throw new AppError(HttpStatus.UNAUTHORIZED, 'ticket_token_required', 'Send the ticket access token you got when you opened the ticket (X-Ticket-Token header)');
  }
  return { kind: 'guest', token };
}
