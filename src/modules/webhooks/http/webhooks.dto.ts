import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../../../platform/http/pagination';
import { MAX_URL_LENGTH } from '../domain/target-url';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../persistence/delivery-store';

const EVENT_TYPE = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;

export class IdParam {
  @IsUUID()
  id: string;
}

export class CreateEndpointBody {
  @ApiProperty({
    example: 'https://hooks.example.com/cardshop',
    description: 'https (plain http only to 127.0.0.1/::1/localhost outside production); no user:password; public addresses only in production',
  })
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  url: string;

  @ApiProperty({ type: [String], example: ['orders.order.paid', 'card-keys.stock.low'], description: 'Event types from GET /admin/webhooks/events' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(EVENT_TYPE, { each: true, message: 'each event type must read <module>.<aggregate>.<happened>' })
  events: string[];

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  description?: string;

  @ApiPropertyOptional({ default: false, description: 'Send the card keys with orders.order.delivered (data.keys). Off unless asked for.' })
  @IsOptional()
  @IsBoolean()
  includeKeys = false;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active = true;
}

export class UpdateEndpointBody {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  url?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(EVENT_TYPE, { each: true, message: 'each event type must read <module>.<aggregate>.<happened>' })
  events?: string[];

  @ApiPropertyOptional({ nullable: true, maxLength: 200 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(0, 200)
  description?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  includeKeys?: boolean;

  @ApiPropertyOptional({ description: 'false switches the endpoint off: nothing more is sent, pending deliveries are cancelled' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class RotateSecretBody {
  @ApiPropertyOptional({
    default: 0,
    minimum: 0,
    maximum: 4320,
    description: 'Minutes the old secret keeps signing beside the new one (a second v1 in the header); 0 = replaced at once',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(4320)
  previousSecretValidMinutes = 0;
}

export class EndpointListQuery extends PageQuery {
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}

export class DeliveryListQuery extends PageQuery {
  @IsOptional()
  @IsUUID()
  endpointId?: string;

  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @IsOptional()
  @Matches(EVENT_TYPE)
  eventType?: string;
}

export class ResendDeliveryBody {
  @ApiPropertyOptional({ description: 'Why (audited)', maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

