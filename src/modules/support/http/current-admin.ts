import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AdminRequest } from '../../../platform/auth/admin-auth.guard';

/** The signed-in admin's id (behind @AdminOnly, which sets it): the agent who acts. */
export const CurrentAdmin = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const admin = context.switchToHttp().getRequest<AdminRequest>().admin;
  if (!admin) throw new Error('CurrentAdmin is used on a route without @AdminOnly');
  return admin.id;
});
