import type { ClsService } from 'nestjs-cls';

/** Who is acting in the current request or job; the audit log records it. */
export interface Actor {
  type: 'admin' | 'member' | 'partner' | 'system';
  id: string | null;
  label: string;
}

const ACTOR_KEY = 'platform.actor';
export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, label: 'system' };

export function setActor(cls: ClsService, actor: Actor): void {
  if (cls.isActive()) cls.set(ACTOR_KEY, actor);
}

export function currentActor(cls: ClsService): Actor {
  return (cls.isActive() ? cls.get<Actor | undefined>(ACTOR_KEY) : undefined) ?? SYSTEM_ACTOR;
}
