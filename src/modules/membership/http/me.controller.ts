import { Body, Controller, Get, HttpCode, Patch, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import type { Request } from 'express';
import { CurrentMember, MemberOnly } from '../../../platform/auth/member-auth.guard';
import { MemberAccounts } from '../application/member-accounts';
import { ChangePasswordBody, UpdateMeBody } from './membership.dto';

/** The signed-in member's own account. */
@ApiTags('storefront: members')
@Controller('api/me')
@MemberOnly()
export class MeController {
  constructor(private readonly accounts: MemberAccounts) {}

  @Get()
  @ApiOperation({ summary: 'Profile, level (name, discount, benefits), points, lifetime spend and progress to the next level' })
  me(@CurrentMember() memberId: string) {
    return this.accounts.profile(memberId);
  }

  @Patch()
  @Transactional()
  @ApiOperation({ summary: 'Changes the display name (null clears it)' })
  update(@CurrentMember() memberId: string, @Body() body: UpdateMeBody) {
    return this.accounts.rename(memberId, body.displayName);
  }

  @Post('password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Changes the password and ends every sign-in; answers a new sign-in for this device' })
  changePassword(@CurrentMember() memberId: string, @Body() body: ChangePasswordBody, @Req() req: Request) {
    return this.accounts.changePassword(memberId, { ...body, client: req.ip ?? 'unknown' });
  }
}
