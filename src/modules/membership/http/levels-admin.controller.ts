import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { ValidationError } from '../../../platform/http/app-error';
import { LevelsAdmin } from '../application/levels-admin';
import { CreateLevelBody, IdParam, UpdateLevelBody } from './membership.dto';

@ApiTags('admin: members')
@Controller('admin/members/levels')
@AdminOnly('marketing')
export class LevelsAdminController {
  constructor(private readonly levels: LevelsAdmin) {}

  @Post()
  @ApiOperation({ summary: 'Creates a member level; members are recalculated in the background (MemberLevelChangedV1 for each move)' })
  create(@Body() body: CreateLevelBody) {
    return this.levels.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'The levels in ladder order (discount, then threshold, then name), with their member counts' })
  list() {
    return this.levels.list();
  }

  @Get(':id')
  get(@Param() { id }: IdParam) {
    return this.levels.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Changes a level; members are recalculated in the background' })
  update(@Param() { id }: IdParam, @Body() body: UpdateLevelBody) {
    if (Object.values(body).every((v) => v === undefined)) throw new ValidationError('Nothing to change: name at least one field');
    return this.levels.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes a level no member is at (409 level_in_use otherwise)' })
  async delete(@Param() { id }: IdParam): Promise<void> {
    await this.levels.delete(id);
  }
}
