// The entry of a search worker thread: Node 20 cannot start a worker on a .ts file, even with
// `--import tsx` (real-replay-notes.md, "Tooling"), so register tsx here and import the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
