import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    // Fails the run when a test leaves reports, traces or runs behind (test/house/leftovers-guard.ts).
    globalSetup: ['./test/house/leftovers-guard.ts'],
  },
});
