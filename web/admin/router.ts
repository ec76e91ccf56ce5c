import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { can, session, type Access } from './session';

/** Screens, each with the access it needs (see session.ts PROBES); none: every signed-in admin. */
export interface Screen {
  path: string;
  name: string;
  label: string;
  needs?: Access[];
  component: RouteRecordRaw['component'];
  inMenu?: boolean;
}

export const SCREENS: Screen[] = [
  { path: '/', name: 'dashboard', label: 'nav.dashboard', component: () => import('./screens/Dashboard.vue') },
  { path: '/goods', name: 'goods', label: 'nav.goods', needs: ['goods'], component: () => import('./screens/Goods.vue') },
  { path: '/import', name: 'import', label: 'nav.import', needs: ['goods'], component: () => import('./screens/KeyImport.vue') },
  { path: '/orders', name: 'orders', label: 'nav.orders', needs: ['orders'], component: () => import('./screens/Orders.vue') },
  { path: '/orders/:id', name: 'order', label: 'nav.orders', needs: ['orders'], component: () => import('./screens/OrderDetail.vue'), inMenu: false },
  { path: '/channels', name: 'channels', label: 'nav.channels', needs: ['channels'], component: () => import('./screens/Channels.vue') },
  { path: '/promotions', name: 'promotions', label: 'nav.promotions', needs: ['promotions'], component: () => import('./screens/Promotions.vue') },
  { path: '/experiments', name: 'experiments', label: 'nav.experiments', needs: ['experiments'], component: () => import('./screens/Experiments.vue') },
  { path: '/experiments/:id', name: 'experiment', label: 'nav.experiments', needs: ['experiments'], component: () => import('./screens/ExperimentReport.vue'), inMenu: false },
  { path: '/members', name: 'members', label: 'nav.members', needs: ['members', 'levels'], component: () => import('./screens/Members.vue') },
  { path: '/referrals', name: 'referrals', label: 'nav.referrals', needs: ['referrals', 'commissions'], component: () => import('./screens/Referrals.vue') },
  { path: '/withdrawals', name: 'withdrawals', label: 'nav.withdrawals', needs: ['withdrawals'], component: () => import('./screens/Withdrawals.vue') },
  { path: '/support', name: 'support', label: 'nav.support', needs: ['support'], component: () => import('./screens/SupportQueue.vue') },
  { path: '/support/:id', name: 'ticket', label: 'nav.support', needs: ['support'], component: () => import('./screens/Ticket.vue'), inMenu: false },
  { path: '/dead-letters', name: 'deadLetters', label: 'nav.deadLetters', needs: ['deadLetters'], component: () => import('./screens/DeadLetters.vue') },
];

export function allowed(screen: Screen): boolean {
  return !screen.needs || screen.needs.some(can);
}

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/sign-in', name: 'signIn', component: () => import('./screens/SignIn.vue') },
    ...SCREENS.map((s) => ({ path: s.path, name: s.name, component: s.component, meta: { screen: s } })),
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach((to) => {
  if (!session.token) return to.name === 'signIn' ? true : { name: 'signIn', query: { next: to.fullPath } };
  if (to.name === 'signIn') return { name: 'dashboard' };
  const screen = to.meta.screen as Screen | undefined;
  if (screen && !allowed(screen)) return { name: 'dashboard' };
  return true;
});
