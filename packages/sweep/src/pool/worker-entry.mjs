// Worker entry in source mode (inside the monorepo, where the packages run from TypeScript).
// The loaders are registered here, inside the thread, because on Node 20 hooks registered on
// the main thread do not reach worker threads. Being .mjs also keeps Piscina from loading the
// worker through require(), which would turn it into CommonJS and break its dynamic imports.
// Built packages use dist/pool/worker.js directly and never load this file.
import '../../../../tools/source-mode.mjs';

const { default: runCellTask } = await import('./worker.ts');
export default runCellTask;
