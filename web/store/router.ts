import { createRouter, createWebHashHistory } from 'vue-router';
import AccountView from './views/AccountView.vue';
import CatalogueView from './views/CatalogueView.vue';
import CheckoutView from './views/CheckoutView.vue';
import GoodsView from './views/GoodsView.vue';
import LookupView from './views/LookupView.vue';
import NewTicketView from './views/NewTicketView.vue';
import OrderView from './views/OrderView.vue';
import TicketView from './views/TicketView.vue';

/*
 * Hash routes (`/#/goods/<id>`): the server serves the page only at `/` (and `/orders/<no>`, where
 * payment providers send buyers back), so no storefront path can ever shadow an API path.
 */
export const createStoreRouter = () =>
  createRouter({
    // Base `/` whatever the path it was opened at (`/orders/<no>` is moved to `/#/orders/<no>` in main.ts).
    history: createWebHashHistory('/'),
    routes: [
      { path: '/', component: CatalogueView, meta: { title: 'nav.shop' } },
      { path: '/goods/:id', component: GoodsView, props: true, meta: { title: 'nav.shop' } },
      { path: '/checkout/:id', component: CheckoutView, props: true, meta: { title: 'checkout.title' } },
      { path: '/orders/:orderNo', component: OrderView, props: true, meta: { title: 'order.title' } },
      { path: '/lookup', component: LookupView, meta: { title: 'nav.lookup' } },
      { path: '/account', component: AccountView, meta: { title: 'nav.account' } },
      { path: '/support/new', component: NewTicketView, meta: { title: 'ticket.new' } },
      { path: '/support/tickets/:id', component: TicketView, props: true, meta: { title: 'ticket.title' } },
      { path: '/:rest(.*)*', redirect: '/' },
    ],
    scrollBehavior: () => ({ top: 0 }),
  });
