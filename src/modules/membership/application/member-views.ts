import type { MemberRecord } from '../persistence/member-store';
import type { MemberProfile } from '../public/membership.contracts';
import type { Progress } from './level-assignment';

/** A member as they see themselves (and as the admin sees them): standing, level and the way up. */
export function memberView(m: MemberRecord, progress: Progress) {
  const { current, next } = progress;
  return {
    id: m.id,
    email: m.email,
    /** A partner created the account without a usable address. */
    emailIsPlaceholder: m.emailIsPlaceholder,
    displayName: m.displayName,
    /** False for members who sign in only through a partner. */
    hasPassword: m.passwordHash !== null,
    registeredAt: m.registeredAt.toISOString(),
    points: m.points,
    lifetimeSpendMinor: m.lifetimeSpendMinor,
    level: current ? { id: current.id, name: current.name, discountPercent: current.discountPercent, benefits: current.benefits } : null,
    nextLevel: next
      ? {
          id: next.level.id,
          name: next.level.name,
          thresholdKind: next.level.thresholdKind,
          threshold: next.level.threshold,
          /** Spend (minor units) or points still missing, by thresholdKind. */
          missing: next.missing,
        }
      : null,
  };
}

export type MemberView = ReturnType<typeof memberView>;

/** The contract other modules get (MembershipFacade). */
export function memberProfile(m: MemberRecord, progress: Progress): MemberProfile {
  return {
    memberId: m.id,
    email: m.email,
    displayName: m.displayName,
    levelId: progress.current?.id ?? null,
    levelName: progress.current?.name ?? null,
    points: m.points,
    lifetimeSpendMinor: m.lifetimeSpendMinor,
    registeredAt: m.registeredAt.toISOString(),
  };
}
