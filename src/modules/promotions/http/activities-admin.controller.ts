import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { ValidationError } from '../../../platform/http/app-error';
import { Idempotent } from '../../../platform/http/idempotency';
import { ActivitiesAdmin } from '../application/activities-admin';
import { ActivityListQuery, CreateActivityBody, IdParam, UpdateActivityBody } from './promotions.dto';

@ApiTags('admin: promotions')
@Controller('admin/promotions/activities')
@AdminOnly('marketing')
export class ActivitiesAdminController {
  constructor(private readonly activities: ActivitiesAdmin) {}

  @Post()
  @Idempotent()
  @Transactional()
  @ApiOperation({ summary: 'Creates an activity (满减, 阶梯, flash sale, Nth item, member price); live at once inside its window' })
  create(@Body() body: CreateActivityBody) {
    return this.activities.create(body);
  }

  @Get()
  list(@Query() q: ActivityListQuery) {
    return this.activities.list({ kind: q.kind, active: q.active === undefined ? undefined : q.active === 'true' }, q.limit, q.offset);
  }

  @Get(':id')
  get(@Param() { id }: IdParam) {
    return this.activities.get(id);
  }

  @Patch(':id')
  @Transactional()
  @ApiOperation({ summary: 'Changes an activity (active: false pauses it); the kind cannot change' })
  update(@Param() { id }: IdParam, @Body() body: UpdateActivityBody) {
    if (Object.values(body).every((v) => v === undefined)) throw new ValidationError('Nothing to change: name at least one field');
    return this.activities.update(id, body);
  }
}
