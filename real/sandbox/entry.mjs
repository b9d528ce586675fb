// The first thing the sandboxed Node runs: refuse unless we are pid 1 of a private pid namespace
// started by the launcher, then run the compiled sandbox side (see bundle.ts for why compiled).
// Plain JavaScript so the refusal happens before anything else is loaded.
import { readlinkSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const nonce = process.env.REAPCHECK_SANDBOX_NONCE;
const host = process.env.REAPCHECK_HOST_PIDNS;
let mine = '';
try {
  mine = readlinkSync('/proc/self/ns/pid');
} catch {}
if (!nonce || process.pid !== 1 || !host || host === mine) {
  process.stderr.write(
    `reapcheck: refusing to run the real-replay sandbox entry: it must be pid 1 of a private pid namespace started by runInSandbox() (pid ${process.pid}, nonce ${nonce ? 'set' : 'missing'}, namespace ${mine || '?'} vs launcher ${host || '?'})\n`,
  );
  process.exit(3);
}
await import(pathToFileURL(process.argv[2]).href);
