#!/usr/bin/env node
// The phasegrid command. The app and the packages it uses run from their TypeScript sources
// (source mode: tsx plus the `@phasegrid/source` export condition), so a fresh clone works
// after `npm ci` with no build step.
import '../../../tools/source-mode.mjs';

const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
