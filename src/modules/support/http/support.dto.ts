import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../../platform/http/pagination';
import { MAX_SLA_MINUTES } from '../domain/sla-policy';
import {
  MAX_ATTACHMENT_URL_LENGTH,
  MAX_ATTACHMENTS,
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TicketCategory,
  TicketPriority,
  TicketStatus,
} from '../domain/ticket-terms';

/** Orders' numbers (20261124-8K3F9Q2M): checked here too, so a malformed one is a 400, not a lookup failure. */
const ORDER_NO = /^\d{8}-[0-9A-HJKMNP-TV-Z]{8}$/;
/** Something to read: not only spaces. */
const NOT_BLANK = /\S/;

export class TicketIdParam {
  @IsUUID()
  id: string;
}

export class PriorityParam {
  @IsIn(TICKET_PRIORITIES)
  priority: TicketPriority;
}

export class AttachmentBody {
  @ApiProperty({ description: 'An https link to the file (a screenshot, a receipt), hosted elsewhere', example: 'https://files.example.com/receipt.png' })
  @IsString()
  @Length(12, MAX_ATTACHMENT_URL_LENGTH)
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: true, disallow_auth: true }, { message: 'url must be an https link' })
  url: string;

  @ApiPropertyOptional({ example: 'receipt.png' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}

/** Up to MAX_ATTACHMENTS https links, each checked like AttachmentBody. */
function Attachments(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: [AttachmentBody], maxItems: MAX_ATTACHMENTS }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_ATTACHMENTS),
    ValidateNested({ each: true }),
    Type(() => AttachmentBody),
  );
}

export class MessageBody {
  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @Length(1, 5000)
  @Matches(NOT_BLANK, { message: 'body must not be blank' })
  body: string;

  @Attachments()
  attachments: AttachmentBody[] = [];
}

/**
 * Opening a ticket. A guest names the order with its number, contact and query password; a signed-in
 * member (Authorization: Bearer) names one of their orders by number, or none for a general question.
 */
export class OpenTicketBody {
  @ApiProperty({ enum: TICKET_CATEGORIES })
  @IsIn(TICKET_CATEGORIES)
  category: TicketCategory;

  @ApiProperty({ minLength: 3, maxLength: 200 })
  @IsString()
  @Length(3, 200)
  @Matches(NOT_BLANK, { message: 'subject must not be blank' })
  subject: string;

  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @Length(1, 5000)
  @Matches(NOT_BLANK, { message: 'message must not be blank' })
  message: string;

  @Attachments()
  attachments: AttachmentBody[] = [];

  @ApiPropertyOptional({ description: 'key_invalid only: the id of the key that does not work, as the order view shows it' })
  @IsOptional()
  @IsUUID()
  keyId?: string;

  @ApiPropertyOptional({ example: '20261124-8K3F9Q2M' })
  @IsOptional()
  @Matches(ORDER_NO, { message: 'orderNo must look like 20261124-8K3F9Q2M' })
  orderNo?: string;

  @ApiPropertyOptional({ description: 'Guests: the contact given with the order' })
  @IsOptional()
  @IsString()
  @Length(3, 120)
  contact?: string;

  @ApiPropertyOptional({ description: "Guests: the order's query password" })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  queryPassword?: string;
}

export class MyTicketsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  @IsOptional()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;
}

export class QueueQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TICKET_STATUSES, description: 'Default: open and pending' })
  @IsOptional()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES })
  @IsOptional()
  @IsIn(TICKET_PRIORITIES)
  priority?: TicketPriority;

  @ApiPropertyOptional({ description: 'An agent (admin id), `me`, or `none` for unassigned tickets' })
  @IsOptional()
  @Matches(/^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: 'assignee must be an admin id, me or none' })
  assignee?: string;
}

export class AgentReplyBody extends MessageBody {
  @ApiPropertyOptional({ enum: ['pending', 'resolved'], description: 'Also move the ticket: waiting on the buyer, or resolved' })
  @IsOptional()
  @IsIn(['pending', 'resolved'])
  status?: 'pending' | 'resolved';
}

export class TriageBody {
  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  @IsOptional()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES })
  @IsOptional()
  @IsIn(TICKET_PRIORITIES)
  priority?: TicketPriority;

  @ApiPropertyOptional({ nullable: true, description: 'An agent (admin with role support), or null to unassign' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  assigneeId?: string | null;
}

export class ActionReasonBody {
  @ApiProperty({ description: 'Why: kept in the audit log and the ticket note' })
  @IsString()
  @Length(3, 500)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason: string;
}

export class ReplaceKeyActionBody extends ActionReasonBody {
  @ApiPropertyOptional({ description: 'The key to replace; default: the one the buyer named on the ticket' })
  @IsOptional()
  @IsUUID()
  keyId?: string;
}

export class SlaPolicyBody {
  @ApiProperty({ minimum: 1, maximum: MAX_SLA_MINUTES })
  @IsInt()
  @Min(1)
  @Max(MAX_SLA_MINUTES)
  firstResponseMinutes: number;

  @ApiProperty({ minimum: 1, maximum: MAX_SLA_MINUTES })
  @IsInt()
  @Min(1)
  @Max(MAX_SLA_MINUTES)
  resolutionMinutes: number;
}

export class FiguresWindowQuery {
  @ApiPropertyOptional({ description: 'Inclusive; default: 30 days before `to`' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Exclusive; default: now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
