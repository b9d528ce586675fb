// node-stop-others.mjs, fixed: the listener defers the stop with setImmediate, after every exit
// callback of this pass has run, so a child reaped in the same pass has its _handle cleared and
// kill() sends nothing.
import { spawn } from 'node:child_process';

const children = [spawn('/bin/sh', ['-c', 'exit 0']), spawn('/bin/sh', ['-c', 'exit 0'])];
for (const child of children) {
  child.on('exit', () => {
    setImmediate(() => {
      for (const other of children) if (other !== child) other.kill();
    });
  });
}
