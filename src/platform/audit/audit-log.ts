import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { Clock } from '../clock/clock';
import { currentActor } from '../auth/actor';

export interface AuditEntryInput {
  /** `<module>.<what>`, e.g. `orders.refund`, `card-keys.decrypt`. */
  action: string;
  targetType?: string;
  targetId?: string;
  /** Why the actor did it: required from people for actions on money, stock and keys. */
  reason?: string;
  /** Extra facts; never secrets (no card keys, no credentials). */
  details?: Record<string, unknown>;
}

export interface AuditEntry extends AuditEntryInput {
  id: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  requestId: string | null;
}

/**
 * Who did what, to what, and why. Written in the caller's transaction when there is one, so an
 * action and its audit entry commit together; the actor comes from the request context.
 */
@Injectable()
export class AuditLog {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cls: ClsService,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditEntryInput): Promise<string> {
    const actor = currentActor(this.cls);
    const id = randomUUID();
    await this.txHost.tx.query(
      `INSERT INTO platform.audit_log
         (id, at, actor_type, actor_id, actor_label, action, target_type, target_id, reason, details, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        id,
        this.clock.now(),
        actor.type,
        actor.id,
        actor.label,
        entry.action,
        entry.targetType ?? null,
        entry.targetId ?? null,
        entry.reason ?? null,
        entry.details ? JSON.stringify(entry.details) : null,
        this.cls.isActive() ? (this.cls.getId() ?? null) : null,
      ],
    );
    return id;
  }

  async list(filter: {
    action?: string;
    targetType?: string;
    targetId?: string;
    actorId?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: AuditEntry[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.action) add('action = ?', filter.action);
    if (filter.targetType) add('target_type = ?', filter.targetType);
    if (filter.targetId) add('target_id = ?', filter.targetId);
    if (filter.actorId) add('actor_id = ?', filter.actorId);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows: Array<Record<string, unknown>> = await this.txHost.tx.query(
      `SELECT * FROM platform.audit_log ${where} ORDER BY at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    );
    const [{ count }] = (await this.txHost.tx.query(
      `SELECT count(*)::int AS count FROM platform.audit_log ${where}`,
      params,
    )) as [{ count: number }];
    return {
      total: count,
      items: rows.map((r) => ({
        id: r.id as string,
        at: r.at as Date,
        actorType: r.actor_type as string,
        actorId: r.actor_id as string | null,
        actorLabel: r.actor_label as string | null,
        action: r.action as string,
        targetType: (r.target_type as string | null) ?? undefined,
        targetId: (r.target_id as string | null) ?? undefined,
        reason: (r.reason as string | null) ?? undefined,
        details: (r.details as Record<string, unknown> | null) ?? undefined,
        requestId: r.request_id as string | null,
      })),
    };
  }
}
