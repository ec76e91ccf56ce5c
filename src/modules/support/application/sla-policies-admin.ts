import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { ValidationError } from '../../../platform/http/app-error';
import { slaPolicyProblems } from '../domain/sla-policy';
import type { TicketPriority } from '../domain/ticket-terms';
import { SlaPolicyRecord, SlaPolicyStore } from '../persistence/sla-policy-store';

const view = (p: SlaPolicyRecord) => ({
  priority: p.priority,
  firstResponseMinutes: p.firstResponseMinutes,
  resolutionMinutes: p.resolutionMinutes,
  updatedAt: p.updatedAt.toISOString(),
});

/**
 * The SLA policies. A change applies to tickets opened (or re-prioritised) afterwards: a ticket
 * keeps the promise made when it was opened.
 */
@Injectable()
export class SlaPoliciesAdmin {
  constructor(
    private readonly store: SlaPolicyStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list() {
    return { items: (await this.store.all()).map(view) };
  }

  async update(priority: TicketPriority, input: { firstResponseMinutes: number; resolutionMinutes: number }) {
    const problems = slaPolicyProblems(input);
    if (problems.length > 0) throw new ValidationError(`Invalid SLA policy: ${problems.join('; ')}`, [{ field: 'resolutionMinutes', problems }]);
    const before = await this.store.of(priority, true);
    const after: SlaPolicyRecord = { ...before, ...input, updatedAt: this.clock.now() };
    await this.store.save(after);
    await this.audit.record({
      action: 'support.sla-policy.update',
      targetType: 'support-sla-policy',
      targetId: priority,
      details: {
        before: { firstResponseMinutes: before.firstResponseMinutes, resolutionMinutes: before.resolutionMinutes },
        after: { firstResponseMinutes: after.firstResponseMinutes, resolutionMinutes: after.resolutionMinutes },
      },
    });
    return view(after);
  }
}
