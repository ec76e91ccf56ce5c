import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { SlaPoliciesAdmin } from '../application/sla-policies-admin';
import { SupportFigures } from '../application/support-figures';
import { FiguresWindowQuery, PriorityParam, SlaPolicyBody } from './support.dto';

@ApiTags('admin: support')
@Controller('admin/support')
export class SupportAdminController {
  constructor(
    private readonly policies: SlaPoliciesAdmin,
    private readonly figures: SupportFigures,
  ) {}

  @Get('sla-policies')
  @AdminOnly('support')
  @ApiOperation({ summary: 'The SLA policy of each priority (first response and resolution, running minutes)' })
  listPolicies() {
    return this.policies.list();
  }

  /**
   * Owner only: the targets are the shop's promise to buyers and what agents are measured by, so the
   * people measured do not set them (there is no support-lead role).
   */
  @Put('sla-policies/:priority')
  @AdminOnly()
  @Transactional()
  @ApiOperation({ summary: "Changes a priority's SLA policy (owner); applies to tickets opened or re-prioritised afterwards" })
  updatePolicy(@Param() { priority }: PriorityParam, @Body() body: SlaPolicyBody) {
    return this.policies.update(priority, body);
  }

  @Get('figures')
  @AdminOnly('support')
  @ApiOperation({ summary: 'Backlog now; median first-response and handling time and SLA hit rate over a window; per agent' })
  report(@Query() q: FiguresWindowQuery) {
    return this.figures.report(q);
  }
}
