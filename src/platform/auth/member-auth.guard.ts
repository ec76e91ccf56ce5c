import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, UnauthorizedException, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { ClsService } from 'nestjs-cls';
import { setActor } from './actor';
import { MemberTokens } from './member-tokens';

/** `principal` scopes Idempotency-Keys: one member can never replay another's stored response. */
export type MemberRequest = Request & { memberId?: string | null; principal?: string };

function bearerOf(req: Request): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '');
  return match ? match[1] : null;
}

@Injectable()
export class MemberAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: MemberTokens,
    private readonly cls: ClsService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<MemberRequest>();
    const token = bearerOf(req);
    const memberId = token ? this.tokens.memberOf(token) : null;
    if (!memberId) throw new UnauthorizedException('Sign in first: a valid member access token is required (Authorization: Bearer ...)');
    signIn(req, this.cls, memberId);
    return true;
  }
}

function signIn(req: MemberRequest, cls: ClsService, memberId: string): void {
  req.memberId = memberId;
  req.principal = `member:${memberId}`;
  setActor(cls, { type: 'member', id: memberId, label: `member:${memberId}` });
}

/**
 * Where signing in is optional (checkout, quotes): a valid token names the member, no token means a
 * guest, and a token that is present but invalid is a 401 (never silently a guest: the buyer would
 * lose member prices and points without knowing why).
 */
@Injectable()
export class OptionalMemberGuard implements CanActivate {
  constructor(
    private readonly tokens: MemberTokens,
    private readonly cls: ClsService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<MemberRequest>();
    const token = bearerOf(req);
    if (!token) {
      req.memberId = null;
      return true;
    }
    const memberId = this.tokens.memberOf(token);
    if (!memberId) throw new UnauthorizedException('The member access token is invalid or expired: refresh it, or send none to continue as a guest');
    signIn(req, this.cls, memberId);
    return true;
  }
}

/** A member endpoint: 401 without a valid member access token. */
export const MemberOnly = () =>
  applyDecorators(UseGuards(MemberAuthGuard), ApiBearerAuth('member'), ApiUnauthorizedResponse({ description: 'No valid member token' }));

/** A storefront endpoint a member or a guest may call. */
export const MemberOptional = () => applyDecorators(UseGuards(OptionalMemberGuard), ApiBearerAuth('member'));

/** The signed-in member's id (null for a guest on a MemberOptional endpoint). */
export const CurrentMember = createParamDecorator((_data: unknown, context: ExecutionContext): string | null => {
  return context.switchToHttp().getRequest<MemberRequest>().memberId ?? null;
});
