import { Injectable } from '@nestjs/common';
import { SupportFacade } from './public/support.facade';

@Injectable()
export class SupportFacadeService extends SupportFacade {}
