import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { PageQuery } from '../../../platform/http/pagination';
import { MembersAdmin } from '../application/members-admin';
import { IdParam, MemberListQuery } from './membership.dto';

@ApiTags('admin: members')
@Controller('admin/members')
@AdminOnly('support', 'operator')
export class MembersAdminController {
  constructor(private readonly members: MembersAdmin) {}

  @Get()
  @ApiOperation({ summary: 'Members, newest first; ?email= matches the start of the address' })
  list(@Query() q: MemberListQuery) {
    return this.members.list(q.email, q.limit, q.offset);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A member with partner links, active sign-ins and the points ledger (newest first; ?limit&offset page it)' })
  get(@Param() { id }: IdParam, @Query() q: PageQuery) {
    return this.members.get(id, q.limit, q.offset);
  }
}
