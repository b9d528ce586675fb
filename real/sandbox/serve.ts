/**
 * The sandboxed process's loop of one: check where we are, read the job from stdin, run it with
 * the caller's runner, answer with one JSON line on stdout. A missing tool or a limit the user can
 * raise (os/limits.ts) is marked `unavailable`: the command line exits 2 for it, not 70. Generic: the room above (jobs/main.ts)
 * says what a job is; this room only says where it may run. Exits explicitly: a job's worker
 * threads would keep the process alive.
 */
import { assertInSandbox, ToolMissing } from './check.ts';
import { LimitReached } from '../os/limits.ts';

async function readStdin(): Promise<string> {
  let s = '';
  for await (const chunk of process.stdin) s += chunk;
  return s;
}

/** Serve one job inside the sandbox with `run`, answer on stdout, and exit (0: answered, 1: the job failed). */
export async function serveOneJob(run: (job: unknown) => Promise<unknown>): Promise<never> {
  let answer: { ok: boolean; value?: unknown; error?: string; unavailable?: boolean };
  try {
    assertInSandbox();
    answer = { ok: true, value: await run(JSON.parse(await readStdin())) };
  } catch (e) {
    answer = { ok: false, error: e instanceof Error ? e.message : String(e), ...(e instanceof ToolMissing || e instanceof LimitReached ? { unavailable: true } : {}) };
  }
  return new Promise<never>(() => process.stdout.write(JSON.stringify(answer) + '\n', () => process.exit(answer.ok ? 0 : 1)));
}
