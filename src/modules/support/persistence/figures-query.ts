import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

/** One line of figures: everyone's (agentId undefined) or one assignee's (null = unassigned). */
export interface FigureRow {
  agentId: string | null | undefined;
  backlog: number;
  firstResponseCount: number;
  firstResponseMedianSeconds: number | null;
  handledCount: number;
  handlingMedianSeconds: number | null;
  firstResponseDecided: number;
  firstResponseMet: number;
  resolutionDecided: number;
  resolutionMet: number;
  firstResponseHitRate: number | null;
  resolutionHitRate: number | null;
  hitRate: number | null;
}

export interface BacklogRow {
  status: string | null;
  priority: string | null;
  count: number;
}

/**
 * The support figures, computed by PostgreSQL over the outcomes kept on each ticket (see the README
 * for the definitions). `from` is inclusive, `to` exclusive; the backlog is as of now.
 */
@Injectable()
export class FiguresQuery {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async figures(from: Date, to: Date): Promise<FigureRow[]> {
    const rows: Array<Record<string, unknown>> = await this.txHost.tx.query(
      `WITH t AS (
         SELECT assignee_id, status, first_response_seconds, first_response_met, handling_seconds, resolution_met,
                first_responded_at >= $1 AND first_responded_at < $2 AS responded_in,
                resolved_at >= $1 AND resolved_at < $2 AS resolved_in,
                -- A target is decided when it is met or missed (answered / resolved), or when the breach was seen.
                LEAST(first_responded_at, first_response_breached_at) >= $1 AND LEAST(first_responded_at, first_response_breached_at) < $2 AS fr_decided_in,
                LEAST(resolved_at, resolution_breached_at) >= $1 AND LEAST(resolved_at, resolution_breached_at) < $2 AS res_decided_in
           FROM support.tickets
       ),
       f AS (
         SELECT GROUPING(assignee_id) = 1 AS everyone, assignee_id,
                count(*) FILTER (WHERE status IN ('open', 'pending'))::int AS backlog,
                count(*) FILTER (WHERE responded_in)::int AS fr_count,
                round((percentile_cont(0.5) WITHIN GROUP (ORDER BY first_response_seconds) FILTER (WHERE responded_in))::numeric)::int AS fr_median,
                count(*) FILTER (WHERE resolved_in)::int AS handled,
                round((percentile_cont(0.5) WITHIN GROUP (ORDER BY handling_seconds) FILTER (WHERE resolved_in))::numeric)::int AS handling_median,
                count(*) FILTER (WHERE fr_decided_in)::int AS fr_decided,
                count(*) FILTER (WHERE fr_decided_in AND first_response_met)::int AS fr_met,
                count(*) FILTER (WHERE res_decided_in)::int AS res_decided,
                count(*) FILTER (WHERE res_decided_in AND resolution_met)::int AS res_met
           FROM t
          GROUP BY GROUPING SETS ((), (assignee_id))
       )
       SELECT *,
              round(fr_met::numeric / NULLIF(fr_decided, 0), 4)::float8 AS fr_rate,
              round(res_met::numeric / NULLIF(res_decided, 0), 4)::float8 AS res_rate,
              round((fr_met + res_met)::numeric / NULLIF(fr_decided + res_decided, 0), 4)::float8 AS rate
         FROM f
        ORDER BY everyone DESC, assignee_id NULLS LAST`,
      [from, to],
    );
    return rows.map((r) => ({
      agentId: r.everyone ? undefined : (r.assignee_id as string | null),
      backlog: r.backlog as number,
      firstResponseCount: r.fr_count as number,
      firstResponseMedianSeconds: r.fr_median as number | null,
      handledCount: r.handled as number,
      handlingMedianSeconds: r.handling_median as number | null,
      firstResponseDecided: r.fr_decided as number,
      firstResponseMet: r.fr_met as number,
      resolutionDecided: r.res_decided as number,
      resolutionMet: r.res_met as number,
      firstResponseHitRate: r.fr_rate as number | null,
      resolutionHitRate: r.res_rate as number | null,
      hitRate: r.rate as number | null,
    }));
  }

  /** Open and pending tickets now, by status, by priority, and in all (null = that grouping's total). */
  async backlog(): Promise<BacklogRow[]> {
    return this.txHost.tx.query(
      `SELECT status, priority, count(*)::int AS count FROM support.tickets
        WHERE status IN ('open', 'pending')
        GROUP BY GROUPING SETS ((status), (priority), ())`,
    );
  }
}
