import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../../platform/config/app-config';
import { Clock } from '../../../platform/clock/clock';
import { pointsForAmount, refundEffect } from '../domain/points';
import { MemberStore } from '../persistence/member-store';
import { PointsLedgerStore } from '../persistence/points-ledger-store';
import { LevelAssignment } from './level-assignment';

export interface PaidOrder {
  eventId: string;
  orderId: string;
  orderNo: string;
  memberId: string;
  amountMinor: number;
  currency: string;
}

export type RefundedOrder = PaidOrder;

/**
 * Points and lifetime spend from orders (maths in domain/points), each change a ledger row keyed by
 * the event that caused it, in the subscriber's transaction. The member row is locked first, then
 * the order's ledger is read, so two events of one order are applied one after the other. Every
 * change of standing recalculates the stored level (LevelAssignment.settle).
 *
 * Lifetime spend adds minor units as they come: the shop is expected to sell in one currency.
 */
@Injectable()
export class MemberPoints {
  private readonly logger = new Logger('MemberPoints');

  constructor(
    private readonly members: MemberStore,
    private readonly ledger: PointsLedgerStore,
    private readonly levels: LevelAssignment,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async earn(order: PaidOrder): Promise<void> {
    const member = await this.members.byId(order.memberId, true);
    if (!member) return this.unknownMember(order, 'paid');
    const rate = this.config.MEMBER_POINTS_PER_UNIT;
    const points = pointsForAmount(order.amountMinor, rate);
    const now = this.clock.now();
    const written = await this.ledger.append({
      id: randomUUID(),
      memberId: member.id,
      orderId: order.orderId,
      orderNo: order.orderNo,
      eventId: order.eventId,
      kind: 'earn',
      amountMinor: order.amountMinor,
      currency: order.currency,
      rate,
      points,
      spendMinor: order.amountMinor,
      at: now,
    });
    if (!written) return; // this order has earned already
    await this.members.addStanding(member.id, points, order.amountMinor, now);
    await this.levels.settle(
      { ...member, points: member.points + points, lifetimeSpendMinor: member.lifetimeSpendMinor + order.amountMinor },
      await this.levels.snapshot(),
    );
  }

  /**
   * A refund before its order's points were earned (the paid event is still being retried) throws,
   * so this delivery is retried after it; the ledger is the order's whole story.
   */
  async revoke(refund: RefundedOrder): Promise<void> {
    const member = await this.members.byId(refund.memberId, true);
    if (!member) return this.unknownMember(refund, 'refunded');
    const rows = await this.ledger.ofOrder(refund.orderId);
    const earned = rows.find((r) => r.kind === 'earn');
    if (!earned) throw new Error(`order ${refund.orderNo}: refund before its points were earned; retried later`);
    if (earned.memberId !== member.id) throw new Error(`order ${refund.orderNo}: refunded to ${member.id} but earned by ${earned.memberId}`);
    if (rows.some((r) => r.eventId === refund.eventId)) return;
    const revokes = rows.filter((r) => r.kind === 'revoke');
    const effect = refundEffect(
      {
        paidMinor: earned.amountMinor,
        earnedPoints: earned.points,
        rate: earned.rate,
        refundedMinor: -sum(revokes.map((r) => r.spendMinor)),
        revokedPoints: -sum(revokes.map((r) => r.points)),
      },
      refund.amountMinor,
      member.points,
    );
    const spendMinor = Math.min(effect.spendMinor, member.lifetimeSpendMinor);
    const now = this.clock.now();
    await this.ledger.append({
      id: randomUUID(),
      memberId: member.id,
      orderId: refund.orderId,
      orderNo: refund.orderNo,
      eventId: refund.eventId,
      kind: 'revoke',
      amountMinor: refund.amountMinor,
      currency: refund.currency,
      rate: earned.rate,
      points: -effect.points,
      spendMinor: -spendMinor,
      at: now,
    });
    await this.members.addStanding(member.id, -effect.points, -spendMinor, now);
    await this.levels.settle(
      { ...member, points: member.points - effect.points, lifetimeSpendMinor: member.lifetimeSpendMinor - spendMinor },
      await this.levels.snapshot(),
    );
  }

  /**
   * Members are never deleted, so an id membership does not know will never become known: retrying
   * the event cannot help, and a dead letter whose redrive must fail again would only be noise.
   * The order is skipped, loudly.
   */
  private unknownMember(order: PaidOrder, what: 'paid' | 'refunded'): void {
    this.logger.warn({ orderId: order.orderId, orderNo: order.orderNo, memberId: order.memberId }, `an order of an unknown member was ${what}: no points`);
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
