import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// Two pages, one build: the storefront at / and the admin console at /admin, both served by the
// Nest process from dist/web (see src/platform/http/web-pages.ts). Both use hash routes, so the
// server only ever serves two HTML files and never shadows an API path.
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [vue()],
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    rollupOptions: {
      input: { store: here('index.html'), admin: here('admin/index.html') },
    },
  },
  server: {
    // `npx vite --config web/vite.config.ts` during front-end work: API calls go to the running shop.
    proxy: { '/api': 'http://localhost:3000', '/admin/': 'http://localhost:3000' },
  },
});
