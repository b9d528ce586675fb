// The entry of the worker thread that imports a user's strategy file (cli/user-code.ts). Module
// hooks registered by bin/reapcheck.mjs do not reach worker threads in Node 20, and a worker cannot
// start on a .ts file, so register tsx here, as the bin does — the ESM hooks, and the CommonJS ones
// for a user's .ts file compiled to CommonJS — then import the TypeScript.
import { register } from 'tsx/esm/api';
import { register as registerCommonJs } from 'tsx/cjs/api';

register();
registerCommonJs();
await import('./load-worker.ts');
