import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { ValidationError } from '../../../platform/http/app-error';
import { TICKET_PRIORITIES } from '../domain/ticket-terms';
import { AgentDirectory } from '../persistence/agent-directory';
import { FigureRow, FiguresQuery } from '../persistence/figures-query';

const DAY = 86_400_000;
export const DEFAULT_WINDOW_DAYS = 30;
export const MAX_WINDOW_DAYS = 366;

/** The support figures for a window (default: the last 30 days), everyone's and per agent. */
@Injectable()
export class SupportFigures {
  constructor(
    private readonly query: FiguresQuery,
    private readonly agents: AgentDirectory,
    private readonly clock: Clock,
  ) {}

  async report(window: { from?: string; to?: string }) {
    const to = window.to ? new Date(window.to) : this.clock.now();
    const from = window.from ? new Date(window.from) : new Date(to.getTime() - DEFAULT_WINDOW_DAYS * DAY);
    if (!(from.getTime() < to.getTime())) throw new ValidationError('from must be before to', [{ field: 'from', problems: ['must be before to'] }]);
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY) {
      throw new ValidationError(`The window is at most ${MAX_WINDOW_DAYS} days`, [{ field: 'to', problems: [`at most ${MAX_WINDOW_DAYS} days after from`] }]);
    }
    const rows = await this.query.figures(from, to);
    const backlogRows = await this.query.backlog();
    const everyone = rows.find((r) => r.agentId === undefined) as FigureRow;
    const perAgent = rows.filter((r) => r.agentId !== undefined);
    const names = await this.agents.named(perAgent.map((r) => r.agentId).filter((id): id is string => !!id));

    const byStatus = { open: 0, pending: 0 };
    const byPriority = Object.fromEntries([...TICKET_PRIORITIES].reverse().map((p) => [p, 0])) as Record<string, number>;
    let total = 0;
    for (const row of backlogRows) {
      if (row.status) byStatus[row.status as keyof typeof byStatus] = row.count;
      else if (row.priority) byPriority[row.priority] = row.count;
      else total = row.count;
    }
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      backlog: { total, byStatus, byPriority },
      ...figuresOf(everyone),
      perAgent: perAgent.map((r) => {
        const agent = r.agentId ? (names.get(r.agentId) ?? { id: r.agentId, email: null, name: null }) : null;
        return { agent, backlog: r.backlog, ...figuresOf(r) };
      }),
    };
  }
}

function figuresOf(r: FigureRow) {
  return {
    firstResponse: { count: r.firstResponseCount, medianSeconds: r.firstResponseMedianSeconds },
    handling: { count: r.handledCount, medianSeconds: r.handlingMedianSeconds },
    sla: {
      firstResponse: { decided: r.firstResponseDecided, met: r.firstResponseMet, hitRate: r.firstResponseHitRate },
      resolution: { decided: r.resolutionDecided, met: r.resolutionMet, hitRate: r.resolutionHitRate },
      overall: { decided: r.firstResponseDecided + r.resolutionDecided, met: r.firstResponseMet + r.resolutionMet, hitRate: r.hitRate },
    },
  };
}
