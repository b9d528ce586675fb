/**
 * The launcher: runs a job in a fresh Node process that is pid 1 of its own pid namespace
 * (`unshare --pid --fork --mount-proc --kill-child`, plus `--user --map-root-user` when not root).
 * The job goes in as JSON on stdin, the answer comes back as one JSON line on stdout. When the
 * sandboxed process dies, the kernel kills everything left in its namespace (free cleanup).
 * Generic: the caller names the compiled main script to run (jobs/run.ts: the replay's) and the
 * environment it needs beside the sandbox's own nonce and namespace.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ENV_HOST_PIDNS, ENV_NONCE, pidNamespace } from './check.ts';

export interface LaunchOptions {
  /** Kill the sandbox (by the pid of the `unshare` we started) after this long. Default 10 minutes. */
  readonly timeoutMs?: number;
  /** Forward the sandbox's stderr lines here (progress, diagnostics). */
  readonly onStderr?: (line: string) => void;
  /** More environment for the sandboxed process (what its main script needs to know). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Why the sandbox could not run, in one line with the fix. */
export class SandboxUnavailable extends Error {}

/** util-linux's setpriv, when it is on PATH (it is wherever unshare is, in Debian's util-linux). */
function setpriv(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && existsSync(join(dir, 'setpriv'))) return join(dir, 'setpriv');
  return null;
}

/**
 * The command line that starts the sandbox entry. `setpriv --pdeathsig KILL` first: when we die,
 * even of SIGKILL, the kernel kills our `unshare`, whose `--kill-child` takes the namespace down.
 */
export function sandboxCommand(main: string): { cmd: string; args: string[] } {
  const entry = fileURLToPath(new URL('./entry.mjs', import.meta.url));
  const user = process.getuid?.() === 0 ? [] : ['--user', '--map-root-user'];
  const unshare = ['unshare', ...user, '--pid', '--fork', '--mount-proc', '--kill-child', process.execPath, entry, main];
  const sp = setpriv();
  return sp ? { cmd: sp, args: ['--pdeathsig', 'KILL', ...unshare] } : { cmd: unshare[0]!, args: unshare.slice(1) };
}

/** The sandboxes running now, so that an interrupt can end them (`endSandboxes`). */
const live = new Set<ChildProcess>();

/** End every sandbox this process started and that still runs (SIGINT, SIGTERM, SIGHUP: cli/signals.ts). */
export function endSandboxes(): number {
  let n = 0;
  for (const child of live) if (child.pid && child.exitCode === null && child.signalCode === null) n += child.kill('SIGKILL') ? 1 : 0;
  return n;
}

/**
 * How a sandbox that gave no answer ended, in words. `unshare --kill-child` whose child (our Node,
 * pid 1 of the namespace) was killed by a signal tries to die of the same signal, and for SIGKILL
 * it cannot unblock it: it says "sigprocmask unblock failed" and exits 1 (util-linux 2.38).
 */
function howItEnded(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const tail = stderr.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
  if (signal) return `it was killed by ${signal}${tail ? ` (its stderr: ${tail})` : ''}`;
  if (/sigprocmask unblock failed/.test(stderr)) return 'its Node process (pid 1 of the namespace) was killed by SIGKILL';
  return `it exited with code ${code}${tail ? `; its stderr: ${tail}` : ' and printed nothing'}`;
}

/** Run `job` inside a fresh sandbox with the compiled main script `main` (served by serve.ts) and return its answer. */
export function launchSandbox<T = unknown>(main: string, job: unknown, opts: LaunchOptions = {}): Promise<T> {
  const { cmd, args } = sandboxCommand(main);
  let host: string;
  try {
    host = pidNamespace();
  } catch (e) {
    // /proc not mounted, or masked (a tmpfs over it): the sandbox could not tell itself from us.
    const why = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    return Promise.reject(new SandboxUnavailable(`reapcheck: real replay needs /proc (cannot read /proc/self/ns/pid: ${why}): mount it (mount -t proc proc /proc)`));
  }
  const env = { ...process.env, ...opts.env, [ENV_NONCE]: randomBytes(12).toString('hex'), [ENV_HOST_PIDNS]: host };
  return new Promise<T>((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    live.add(child);
    child.on('exit', () => live.delete(child));
    // unshare that fails at once (no user namespaces, not root) closes its stdin before we write
    // the job: EPIPE. The 'close' handler below says why in one line; this one only keeps it an event.
    child.stdin.on('error', () => {});
    let out = '';
    let err = '';
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
    };
    const timer = setTimeout(() => {
      if (child.pid) process.kill(child.pid, 'SIGKILL'); // our own unshare; --kill-child takes Node down with it
      finish(() => reject(new Error(`reapcheck: the replay sandbox did not finish within ${opts.timeoutMs ?? 600_000} ms and was killed`)));
    }, opts.timeoutMs ?? 600_000);
    child.on('error', (e: NodeJS.ErrnoException) =>
      finish(() =>
        reject(
          new SandboxUnavailable(
            e.code === 'ENOENT'
              ? 'reapcheck: real replay needs `unshare` from util-linux, which is not installed (apt-get install util-linux)'
              : `reapcheck: cannot start the replay sandbox: ${e.message}`,
          ),
        ),
      ),
    );
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (opts.onStderr) for (const line of d.split('\n')) if (line) opts.onStderr(line);
    });
    child.on('close', (code, signal) =>
      finish(() => {
        if (/failed to execute unshare/.test(err) && !out) {
          return reject(new SandboxUnavailable('reapcheck: real replay needs `unshare` from util-linux, which is not installed (apt-get install util-linux)'));
        }
        if (/unshare failed|Operation not permitted|cannot open .*uid_map|Permission denied/.test(err) && !out) {
          return reject(
            new SandboxUnavailable(
              `reapcheck: cannot create a private pid namespace (${err.trim().split('\n')[0]}): run as root, or enable unprivileged user namespaces (sysctl -w kernel.unprivileged_userns_clone=1; user.max_user_namespaces > 0)`,
            ),
          );
        }
        const line = out.trim().split('\n').pop() ?? '';
        let answer: { ok: boolean; value?: T; error?: string; unavailable?: boolean };
        try {
          answer = JSON.parse(line);
        } catch {
          return reject(new Error(`reapcheck: the replay sandbox ended before it answered: ${howItEnded(code, signal, err)}`));
        }
        if (answer.ok) resolve(answer.value as T);
        else if (answer.unavailable) reject(new SandboxUnavailable(answer.error ?? 'reapcheck: a tool the replay needs is missing'));
        else reject(new Error(answer.error ?? 'reapcheck: the replay sandbox failed'));
      }),
    );
    child.stdin.end(JSON.stringify(job));
  });
}
