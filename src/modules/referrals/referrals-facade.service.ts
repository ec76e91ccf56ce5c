import { Injectable } from '@nestjs/common';
import { ReferralsFacade } from './public/referrals.facade';

@Injectable()
export class ReferralsFacadeService extends ReferralsFacade {}
