// Types for TypeScript callers (the architecture spec); the plugin itself is plain JavaScript.
import type { ESLint } from 'eslint';

declare const plugin: ESLint.Plugin;
export = plugin;
