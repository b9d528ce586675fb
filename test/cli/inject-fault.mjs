// Preloaded by test/cli/exit-codes.test.ts with `node --import`: once reapcheck has installed its
// handlers (its SIGTERM listener is there), do what REAPCHECK_TEST_FAULT says from a timer — throw,
// reject a promise nobody awaits, or send this process a signal — as a bug in a callback would.
// Nothing in reapcheck itself is changed or needs a hook for it.
const fault = process.env.REAPCHECK_TEST_FAULT;
const timer = setInterval(() => {
  if (process.listenerCount('SIGTERM') === 0) return;
  clearInterval(timer);
  if (fault === 'throw') throw new TypeError('injected by the test');
  if (fault === 'reject') void Promise.reject(new RangeError('injected by the test'));
  if (fault === 'SIGINT' || fault === 'SIGHUP' || fault === 'SIGTERM') process.kill(process.pid, fault);
}, 10);
