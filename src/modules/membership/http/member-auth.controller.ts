import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { MemberAccounts } from '../application/member-accounts';
import { MemberSessions } from '../application/member-sessions';
import { PartnerSignIn } from '../application/partner-sign-in';
import { PartnerSignInBody, RefreshTokenBody, RegisterBody, SignInBody } from './membership.dto';

/** Signing members up, in and out. Credentials travel in bodies only, never in URLs. */
@ApiTags('storefront: members')
@Controller('api/members')
export class MemberAuthController {
  constructor(
    private readonly accounts: MemberAccounts,
    private readonly sessions: MemberSessions,
    private readonly partners: PartnerSignIn,
  ) {}

  @Post('register')
  @ApiOperation({ summary: 'Creates a member (409 email_taken) and signs them in: {member, accessToken, accessTokenExpiresAt, refreshToken}' })
  register(@Body() body: RegisterBody) {
    return this.accounts.register(body);
  }

  @Post('sign-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'E-mail and password; 401 invalid_credentials (the same for an unknown e-mail), 429 after too many failures' })
  signIn(@Body() body: SignInBody, @Req() req: Request) {
    return this.accounts.signIn({ email: body.email, password: body.password, client: req.ip ?? 'unknown' });
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Spends the refresh token for a new pair; a token presented twice revokes its whole sign-in (401)' })
  refresh(@Body() body: RefreshTokenBody) {
    return this.sessions.refresh(body.refreshToken);
  }

  @Post('sign-out')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ends the sign-in the refresh token belongs to; always 204' })
  async signOut(@Body() body: RefreshTokenBody): Promise<void> {
    await this.sessions.signOut(body.refreshToken);
  }

  @Post('partner-sign-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Signs in (creating and linking the first time) the member of a partner user; 401 invalid_assertion' })
  partnerSignIn(@Body() body: PartnerSignInBody) {
    return this.partners.signIn(body.partner, body.assertion);
  }
}
