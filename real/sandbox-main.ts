/**
 * The sandboxed process: check where we are, read the job from stdin, run it, answer with one JSON
 * line on stdout. Exits explicitly: the pool's workers would keep the process alive.
 */
import { assertInSandbox, ToolMissing } from './sandbox-check.ts';
import { runJob } from './jobs.ts';

async function readStdin(): Promise<string> {
  let s = '';
  for await (const chunk of process.stdin) s += chunk;
  return s;
}

let answer: { ok: boolean; value?: unknown; error?: string; unavailable?: boolean };
try {
  assertInSandbox();
  answer = { ok: true, value: await runJob(JSON.parse(await readStdin())) };
} catch (e) {
  answer = { ok: false, error: e instanceof Error ? e.message : String(e), ...(e instanceof ToolMissing ? { unavailable: true } : {}) };
}
process.stdout.write(JSON.stringify(answer) + '\n', () => process.exit(answer.ok ? 0 : 1));
