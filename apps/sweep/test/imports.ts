/** Package entry points the end-to-end tests read results with. */
export { parseSpec, planCells, readStore } from '@phasegrid/sweep';
export { Random } from '@phasegrid/core';
export { encodeFrame, STORE_FORMAT_VERSION } from '@phasegrid/sweep';
