import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { ValidationError } from '../../../platform/http/app-error';
import { Idempotent } from '../../../platform/http/idempotency';
import { ExperimentsAdmin } from '../application/experiments-admin';
import { CreateExperimentBody, ExperimentActionParam, IdParam, ReportQuery, UpdateExperimentBody } from './promotions.dto';

@ApiTags('admin: experiments')
@Controller('admin/promotions/experiments')
@AdminOnly('marketing')
export class ExperimentsAdminController {
  constructor(private readonly experiments: ExperimentsAdmin) {}

  @Post()
  @Idempotent()
  @Transactional()
  @ApiOperation({ summary: 'Creates a draft experiment: variants (one control) with weights, each mapped to activities and coupons' })
  create(@Body() body: CreateExperimentBody) {
    return this.experiments.create(body);
  }

  @Get()
  list() {
    return this.experiments.list();
  }

  @Get(':id')
  get(@Param() { id }: IdParam) {
    return this.experiments.get(id);
  }

  @Get(':id/report')
  @ApiOperation({ summary: 'Visitors, converting visitors, conversion rate, revenue per visitor, uplift vs control, p-value, SRM check' })
  report(@Param() { id }: IdParam, @Query() q: ReportQuery) {
    return this.experiments.report(id, q.phase);
  }

  @Patch(':id')
  @Transactional()
  @ApiOperation({ summary: 'Name; weights, coverage or promotion sets (running/paused: only with newPhase: true)' })
  update(@Param() { id }: IdParam, @Body() body: UpdateExperimentBody) {
    if (Object.values(body).every((v) => v === undefined)) throw new ValidationError('Nothing to change: name at least one field');
    return this.experiments.update(id, body);
  }

  @Post(':id/:action')
  @HttpCode(200)
  @Transactional()
  @ApiOperation({ summary: 'start | pause | resume | stop (stopped is final)' })
  act(@Param() { id, action }: ExperimentActionParam) {
    return this.experiments.act(id, action);
  }
}
