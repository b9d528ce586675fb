import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  // `import … from 'reapcheck'` in a test (the README's example suite) means the sources: the
  // package's "exports" name dist/, which a checkout does not have (docs/package.md).
  resolve: {
    alias: [
      { find: /^reapcheck\/vitest$/, replacement: here('./lib/vitest.ts') },
      { find: /^reapcheck$/, replacement: here('./lib/index.ts') },
    ],
  },
  test: {
    // examples/library/ is the README's "in your own test suite" example: it runs as a test too.
    include: ['test/**/*.test.ts', 'examples/library/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    // Fails the run when a test leaves reports, traces or runs behind (test/house/leftovers-guard.ts).
    globalSetup: ['./test/house/leftovers-guard.ts'],
    // Speed is measured in bench/, not by timeouts: a test that takes 4–6 s on a slow day of the
    // machine (the default bound is 5 s; step-memo.test.ts's scaled scopes took 6.2 s once) must
    // not fail for it. Tests that need longer still say so.
    testTimeout: 60_000,
    // Two test files at once. vitest's default on a 2-core machine is one (cores − 1), and much of
    // the run waits on real processes, Chromium or a child command: the whole suite took 690 s one
    // file at a time and 520 s two at a time (767 tests passed both ways, issue 16, tenth session),
    // well inside CI's 20 minutes on a slow day. Every long test states its own timeout.
    maxWorkers: 2,
  },
});
