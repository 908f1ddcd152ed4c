// Entry of every worker thread. The worker is TypeScript, so tsx's loader is registered here,
// inside the thread: on Node 20, `--import tsx` in a worker's execArgv does not apply to the
// worker's own imports. Being .mjs also keeps Piscina from loading the worker through
// require(), which would turn it into CommonJS and break its dynamic imports.
import { register } from 'tsx/esm/api';

register();
const { default: runCellTask } = await import('./worker.ts');
export default runCellTask;
