import { Injectable } from '@nestjs/common';
import { MembershipFacade } from './public/membership.facade';

@Injectable()
export class MembershipFacadeService extends MembershipFacade {}
