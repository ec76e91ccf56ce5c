import { CanActivate, ExecutionContext, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ClsService } from 'nestjs-cls';
import { REQUEST_MODULE } from './current-module';
import { moduleLabelOf } from './module-label';

export type OwnedRequest = { ownerModule?: string };

/**
 * Runs first on every request and tags it with the business module that owns the controller
 * (the Nest module the controller is declared in), so the request is counted under that module
 * even when a later guard, pipe or handler rejects it, and the request's work (its database time)
 * is charged to that module. It never blocks anything.
 */
@Injectable()
export class RequestOwnerGuard implements CanActivate, OnApplicationBootstrap {
  private readonly ownerOf = new Map<unknown, string>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly cls: ClsService,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getControllers()) {
      this.ownerOf.set(wrapper.metatype, moduleLabelOf(wrapper.host?.metatype));
    }
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() === 'http') {
      const owner = this.ownerOf.get(context.getClass()) ?? 'platform';
      context.switchToHttp().getRequest<OwnedRequest>().ownerModule = owner;
      if (this.cls.isActive()) this.cls.set(REQUEST_MODULE, owner);
    }
    return true;
  }
}
