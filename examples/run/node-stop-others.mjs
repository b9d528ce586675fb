// Node's child_process with two children, and the process manager's "one died: stop the others"
// pattern: inside A's 'exit' listener B may already be reaped (libuv reaps every exited child in one
// pass, then runs the callbacks) while B._handle is still set, so B.kill() signals B's freed number
// (docs/process-wide.md, catalogue/libuv-node.ts).
import { spawn } from 'node:child_process';

const children = [spawn('/bin/sh', ['-c', 'exit 0']), spawn('/bin/sh', ['-c', 'exit 0'])];
for (const child of children) {
  child.on('exit', () => {
    for (const other of children) if (other !== child) other.kill();
  });
}
