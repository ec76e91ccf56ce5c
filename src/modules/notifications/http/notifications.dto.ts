import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQuery } from '../../../platform/http/pagination';
import { EMAIL_KINDS, EMAIL_STATUSES, type EmailKind, type EmailStatus } from '../domain/email-kinds';

export class EmailIdParam {
  @IsUUID()
  id: string;
}

export class EmailListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EMAIL_STATUSES, description: '`failed` lists what needs a person' })
  @IsOptional()
  @IsIn(EMAIL_STATUSES)
  status?: EmailStatus;

  @ApiPropertyOptional({ enum: EMAIL_KINDS })
  @IsOptional()
  @IsIn(EMAIL_KINDS)
  kind?: EmailKind;

  @ApiPropertyOptional({ description: "An order's id: the e-mails about it" })
  @IsOptional()
  @IsUUID()
  orderId?: string;
}

export class ResendEmailBody {
  @ApiProperty({ description: 'Why it is sent again (kept in the audit log)', example: 'buyer fixed their mailbox' })
  @IsString()
  @Length(3, 500)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}
