#!/usr/bin/env node
// The phasegrid command. Sources are TypeScript, run through tsx's loader so that a fresh
// clone works after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
