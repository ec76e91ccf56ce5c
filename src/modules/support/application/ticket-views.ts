import { effectiveDue, runningMs } from '../domain/sla-clock';
import type { MessageRecord } from '../persistence/message-store';
import type { StatusChange } from '../persistence/status-change-store';
import type { TicketRecord } from '../persistence/ticket-store';
import type { Agent } from '../persistence/agent-directory';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * What a buyer may see of their ticket: the subject, status and the public conversation. Never an
 * internal note (the caller reads public messages only, and this filters again), never the SLA,
 * priority, assignee or the agent's identity.
 */
export function buyerTicketView(t: TicketRecord, messages: MessageRecord[]) {
  return {
    ...buyerTicketSummary(t),
    messages: messages
      .filter((m) => !m.internal)
      .map((m) => ({
        id: m.id,
        from: m.authorType === 'buyer' ? ('buyer' as const) : ('support' as const),
        body: m.body,
        attachments: m.attachments,
        createdAt: m.createdAt.toISOString(),
      })),
  };
}

export function buyerTicketSummary(t: TicketRecord) {
  return {
    id: t.id,
    subject: t.subject,
    category: t.category,
    status: t.status,
    orderNo: t.orderNo,
    keyId: t.keyId,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/** The SLA as agents see it: targets, due times as they stand now (moved by an ongoing pause), outcomes. */
export function slaView(t: TicketRecord, now: Date) {
  const paused = t.clock.pausedSince !== null;
  const ongoingPauseMs = paused ? Math.max(0, now.getTime() - (t.clock.pausedSince as Date).getTime()) : 0;
  const stopped = t.status === 'closed';
  const nextDue = stopped ? null : t.firstRespondedAt === null ? t.due.firstResponseDueAt : t.due.resolutionDueAt;
  return {
    clock: stopped ? 'stopped' : paused ? 'paused' : 'running',
    runningSeconds: Math.round(runningMs(t.clock, stopped ? (t.closedAt ?? now) : now) / 1000),
    pausedSeconds: Math.round((t.clock.pausedMs + ongoingPauseMs) / 1000),
    nextDueAt: nextDue ? effectiveDue(nextDue, t.clock, now).toISOString() : null,
    firstResponse: {
      targetMinutes: t.targets.firstResponseMinutes,
      dueAt: effectiveDue(t.due.firstResponseDueAt, t.clock, now).toISOString(),
      respondedAt: iso(t.firstRespondedAt),
      seconds: t.firstResponseSeconds,
      met: t.firstResponseMet,
      breachedAt: iso(t.firstResponseBreachedAt),
    },
    resolution: {
      targetMinutes: t.targets.resolutionMinutes,
      dueAt: effectiveDue(t.due.resolutionDueAt, t.clock, now).toISOString(),
      resolvedAt: iso(t.resolvedAt),
      handlingSeconds: t.handlingSeconds,
      met: t.resolutionMet,
      breachedAt: iso(t.resolutionBreachedAt),
    },
  };
}

/** A ticket as agents see it in the queue and at the top of the ticket view. */
export function agentTicketView(t: TicketRecord, now: Date, agents: Map<string, Agent>) {
  const assignee = t.assigneeId ? (agents.get(t.assigneeId) ?? { id: t.assigneeId, email: null, name: null }) : null;
  return {
    id: t.id,
    origin: t.origin,
    cause: t.causeKey,
    category: t.category,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    orderId: t.orderId,
    orderNo: t.orderNo,
    memberId: t.memberId,
    contact: t.contact,
    keyId: t.keyId,
    assignee,
    sla: slaView(t, now),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    closedAt: iso(t.closedAt),
  };
}

/** Every message, internal notes marked, with who wrote it. */
export function agentMessageView(m: MessageRecord) {
  return {
    id: m.id,
    internal: m.internal,
    author: { type: m.authorType, id: m.authorId },
    body: m.body,
    attachments: m.attachments,
    createdAt: m.createdAt.toISOString(),
  };
}

export function statusChangeView(c: StatusChange) {
  return { from: c.from, to: c.to, action: c.action, actor: { type: c.actorType, id: c.actorId }, at: c.at.toISOString() };
}
