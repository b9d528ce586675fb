/**
 * How the launcher tells the sandboxed process about the C process maker it compiled
 * (native-build.ts): its path, and how it was built (`static`, `dynamic`, or why there is none).
 * Names only, so that the sandbox side can read them without pulling in the compiler's code.
 */
export const ENV_HELPER_PATH = 'REAPCHECK_HELPER_PATH';
export const ENV_HELPER_HOW = 'REAPCHECK_HELPER_HOW';

/** The seccomp launcher of `reapcheck run` (native/launcher.c) the launcher compiled, for the run job. */
export const ENV_RUN_LAUNCHER = 'REAPCHECK_RUN_LAUNCHER';
