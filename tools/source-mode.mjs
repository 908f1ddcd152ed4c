// Source mode: run the monorepo's TypeScript directly, with no build. Registers tsx's loader and
// a resolve hook that adds the `@phasegrid/source` export condition, so `@phasegrid/*` imports
// resolve to each package's `src/` instead of its built `dist/`. The CLI's bin and the sweep
// pool's source-mode worker entry import this; published packages never do (they run from
// dist). Hooks registered on the main thread do not reach worker threads on Node 20, so each
// thread imports this module itself.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

/** The export condition that selects TypeScript sources in every @phasegrid package. */
export const SOURCE_CONDITION = '@phasegrid/source';

registerTsx();
// Registered after tsx, so it runs first and tsx (then Node) sees the extra condition.
register(
  'data:text/javascript,' +
    encodeURIComponent(
      'export async function resolve(specifier, context, next) {' +
        `  return next(specifier, { ...context, conditions: [...context.conditions, ` +
        `'${SOURCE_CONDITION}'] });` +
        '}',
    ),
);
