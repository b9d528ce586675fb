/**
 * The main script of the replay sandbox (compiled by sandbox/bundle.ts, started by
 * sandbox/entry.mjs as pid 1 of the private pid namespace): serve one replay job.
 */
import { serveOneJob } from '../sandbox/serve.ts';
import { runJob, type SandboxJob } from './jobs.ts';

await serveOneJob((job) => runJob(job as SandboxJob));
