/**
 * Running a replay job from outside: compile the replay's sandbox side (jobs/main.ts and the
 * worker entry) and the C process maker, then start the sandbox with both. The only place that
 * ties the generic sandbox (sandbox/) to what the replay runs in it.
 */
import { fileURLToPath } from 'node:url';
import { bundleSandbox } from '../sandbox/bundle.ts';
import { ENV_HELPER_HOW, ENV_HELPER_PATH, ENV_RUN_LAUNCHER } from '../processes/helper-env.ts';
import { launchSandbox, type LaunchOptions } from '../sandbox/launcher.ts';
import { buildNativeHelper, buildRunLauncher } from '../processes/native-build.ts';
import type { SandboxJob } from './jobs.ts';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

/** `.ts` in the repository, `.js` in the published package (dist/, compiled by scripts/build.mjs). */
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** The replay's sandbox side: its main script and the workers' entry, compiled side by side. */
const ENTRIES = { 'sandbox-main': here(`./main${EXT}`), 'worker-main': here(`../workers/worker-main${EXT}`) };

/** The launcher's options (a timeout, where stderr goes), and which process maker the sandbox uses. */
export interface SandboxOptions extends Omit<LaunchOptions, 'env'> {
  /** false: make processes the fallback way (sh children, python3 helper) even when a C compiler is there. */
  readonly nativeHelper?: boolean;
}

/** Run `job` inside a fresh sandbox and return its answer. */
export async function runInSandbox<T = unknown>(job: SandboxJob, opts: SandboxOptions = {}): Promise<T> {
  const native = opts.nativeHelper === false ? Promise.resolve({ path: null, how: 'turned off by the caller' }) : buildNativeHelper();
  // `reapcheck run` needs the seccomp launcher too (compiled here, outside, like the helper).
  const launcher = job.kind === 'run' ? buildRunLauncher() : Promise.resolve(null);
  const [dir, helper, run] = await Promise.all([bundleSandbox(ENTRIES), native, launcher]);
  const { nativeHelper: _, ...launch } = opts;
  const env = { [ENV_HELPER_PATH]: helper.path ?? '', [ENV_HELPER_HOW]: helper.how, ...(run?.path ? { [ENV_RUN_LAUNCHER]: run.path } : {}) };
  return launchSandbox<T>(dir + 'sandbox-main.mjs', job, { ...launch, env });
}
