import { defineConfig } from 'vitest/config';

// Tests run the packages from their TypeScript sources: the `@phasegrid/source` export condition
// selects `src/` over `dist/` (see tools/source-mode.mjs). Vitest's Node tests resolve through
// the SSR settings, so the condition goes there, beside Vite's defaults.
const sourceConditions = ['@phasegrid/source', 'module', 'node', 'development|production'];

export default defineConfig({
  ssr: { resolve: { conditions: sourceConditions } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'tools/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
