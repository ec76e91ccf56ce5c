import { createApp } from 'vue';
import App from './App.vue';
import { createStoreRouter } from './router';
import { rememberReferral } from './visitor';
import './styles.css';

rememberReferral(location.search);

// Payment providers send the buyer back to `/orders/<orderNo>` (any query string they add is
// theirs): the same screen as the hash route.
const returning = /^\/orders\/([A-Za-z0-9-]{1,40})\/?$/.exec(location.pathname);
if (returning) history.replaceState(null, '', `/#/orders/${returning[1]}`);

// The router reads the location when it is created: after the line above has fixed it.
createApp(App).use(createStoreRouter()).mount('#app');
