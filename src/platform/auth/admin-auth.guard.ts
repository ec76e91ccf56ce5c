import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { AdminAccounts, AdminPrincipal } from './admin-accounts';
import { AdminRole, roleAllows } from './admin-roles';
import { setActor } from './actor';

const REQUIRED_ROLES = 'platform:admin-roles';

export type AdminRequest = Request & { admin?: AdminPrincipal; principal?: string };

/**
 * Protects an admin endpoint: a valid bearer token is required (401 otherwise) and the admin must
 * hold one of the named roles (403 otherwise). The owner role passes everywhere. With no roles
 * named, only the owner passes: forgetting to name roles fails closed.
 */
export function AdminOnly(...roles: AdminRole[]): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    UseGuards(AdminAuthGuard),
    ApiBearerAuth('admin'),
    ApiUnauthorizedResponse({ description: 'No valid admin token' }),
    ApiForbiddenResponse({ description: `Needs role: owner${roles.length ? ', ' + roles.join(', ') : ''}` }),
  );
}

@Injectable()
export class AdminAuthGuard implements CanActivate {
  private readonly accounts: AdminAccounts;

  constructor(
    private readonly reflector: Reflector,
    private readonly cls: ClsService,
    dataSource: DataSource,
    clock: Clock,
  ) {
    this.accounts = new AdminAccounts(dataSource.manager, () => clock.now());
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AdminRequest>();
    const header = req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthorizedException('An admin bearer token is required (Authorization: Bearer ...)');
    const admin = await this.accounts.authenticate(match[1]);
    if (!admin) throw new UnauthorizedException('The admin token is unknown, revoked or expired');

    const required =
      this.reflector.getAllAndOverride<AdminRole[] | undefined>(REQUIRED_ROLES, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    req.admin = admin;
    req.principal = `admin:${admin.id}`;
    setActor(this.cls, { type: 'admin', id: admin.id, label: admin.email });
    if (!roleAllows(admin.roles, required)) {
      throw new ForbiddenException(
        `This needs one of the roles: ${['owner', ...required].join(', ')}; you have ${admin.roles.join(', ')}`,
      );
    }
    return true;
  }
}
