import { Global, Module } from '@nestjs/common';
import { AdminAuthGuard } from './admin-auth.guard';
import { MemberAuthGuard, OptionalMemberGuard } from './member-auth.guard';
import { MemberTokens } from './member-tokens';

@Global()
@Module({
  providers: [AdminAuthGuard, MemberTokens, MemberAuthGuard, OptionalMemberGuard],
  exports: [AdminAuthGuard, MemberTokens, MemberAuthGuard, OptionalMemberGuard],
})
export class AuthModule {}
