// Worker entry: `new Worker('x.ts')` fails on Node 20 even with --import tsx, so register tsx here
// and import the TypeScript worker (real-replay-notes.md).
import { register } from 'tsx/esm/api';
register();
await import('./worker-main.ts');
