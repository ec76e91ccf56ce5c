import { Module, OnModuleInit } from '@nestjs/common';
import { facadeProviders } from '../../platform/observability/instrumented-facade';
import { ModuleLabel } from '../../platform/observability/module-label';
import { MembershipModule } from '../membership';
import { OrdersModule } from '../orders';
import { AgentDesk } from './application/agent-desk';
import { AgentMessages } from './application/agent-messages';
import { BuyerTickets } from './application/buyer-tickets';
import { SlaPoliciesAdmin } from './application/sla-policies-admin';
import { SupportFigures } from './application/support-figures';
import { TicketActions } from './application/ticket-actions';
import { TicketConversation } from './application/ticket-conversation';
import { TicketOpening } from './application/ticket-opening';
import { TicketWorkflow } from './application/ticket-workflow';
import { validateTicketTransitions } from './domain/ticket-transitions';
import { OpenSystemTickets } from './handlers/open-system-tickets';
import { AgentTicketsController } from './http/agent-tickets.controller';
import { BuyerTicketsController } from './http/buyer-tickets.controller';
import { MemberTicketsController } from './http/member-tickets.controller';
import { SupportAdminController } from './http/support-admin.controller';
import { CloseResolvedTickets } from './jobs/close-resolved-tickets';
import { DetectSlaBreaches } from './jobs/detect-sla-breaches';
import { AgentDirectory } from './persistence/agent-directory';
import { FiguresQuery } from './persistence/figures-query';
import { MessageStore } from './persistence/message-store';
import { SlaPolicyStore } from './persistence/sla-policy-store';
import { StatusChangeStore } from './persistence/status-change-store';
import { TicketStore } from './persistence/ticket-store';
import { SupportFacade } from './public/support.facade';
import { SupportFacadeService } from './support-facade.service';

@ModuleLabel('support')
@Module({
  imports: [OrdersModule, MembershipModule],
  controllers: [BuyerTicketsController, MemberTicketsController, AgentTicketsController, SupportAdminController],
  providers: [
    TicketStore,
    MessageStore,
    StatusChangeStore,
    SlaPolicyStore,
    AgentDirectory,
    FiguresQuery,
    TicketWorkflow,
    TicketConversation,
    TicketOpening,
    BuyerTickets,
    AgentDesk,
    AgentMessages,
    TicketActions,
    SlaPoliciesAdmin,
    SupportFigures,
    OpenSystemTickets,
    DetectSlaBreaches,
    CloseResolvedTickets,
    ...facadeProviders(SupportFacade, SupportFacadeService, 'support'),
  ],
  exports: [SupportFacade],
})
export class SupportModule implements OnModuleInit {
  /** The transitions table is checked before the shop serves anything. */
  onModuleInit(): void {
    const problems = validateTicketTransitions();
    if (problems.length > 0) throw new Error(`The ticket state machine is broken: ${problems.join('; ')}`);
  }
}
