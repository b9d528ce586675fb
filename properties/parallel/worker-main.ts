/**
 * The body of a search worker thread (started through worker.mjs): it answers the coordinator's
 * requests in order — one exhaustive search at a time (level-worker.ts) or one invariant of the
 * random engine — and trades successor batches with its peers over direct ports, so that worlds
 * never pass through the coordinator.
 */
import { parentPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { createInstance } from '../../model/instance.ts';
import type { Instance } from '../../model/instance.ts';
import { DEFAULT_MAX_CHOICES, searchInvariant } from '../random.ts';
import { LevelWorker } from './level-worker.ts';
import type { Batch, InstanceData, LevelReport, Reply, Request } from './protocol.ts';

if (!parentPort) throw new Error('[reapcheck internal bug] worker-main.ts runs only as a worker thread');
const parent = parentPort;

let id = 0;
let workers = 1;
let peers: (MessagePort | null)[] = [];
let search: LevelWorker | null = null;
/** Batches that arrived before this worker finished expanding their level (ports are not ordered with each other). */
let inbox: Batch[] = [];
let waiting: { depth: number; resolve: () => void } | null = null;

function onBatch(b: Batch): void {
  inbox.push(b);
  if (waiting && inbox.filter((x) => x.depth === waiting!.depth).length === workers - 1) waiting.resolve();
}

function allBatches(depth: number): Promise<void> {
  if (inbox.filter((x) => x.depth === depth).length === workers - 1) return Promise.resolve();
  return new Promise((resolve) => (waiting = { depth, resolve }));
}

function build(data: InstanceData): Instance {
  return createInstance(data.strategy, data.scenario, data.scope);
}

async function handle(req: Request): Promise<{ value: unknown; transfer?: ArrayBuffer[] }> {
  switch (req.type) {
    case 'peers':
      id = req.id;
      workers = req.workers;
      peers = req.ports;
      for (const p of peers) p?.on('message', onBatch);
      return { value: null };
    case 'search':
      search = new LevelWorker(build(req.instance), req.setup, id, workers);
      inbox = [];
      return { value: null };
    case 'level': {
      const s = search!;
      if (req.ranks) s.advance(req.depth, req.ranks, req.fps ?? []);
      const { report, batches } = s.expand(req.depth, req.skip);
      batches.forEach((b, owner) => b && peers[owner]!.postMessage(b, [b.fps.buffer as ArrayBuffer, b.keys.buffer as ArrayBuffer]));
      await allBatches(req.depth);
      waiting = null;
      for (const b of inbox) if (b.depth === req.depth) s.receive(b);
      inbox = inbox.filter((b) => b.depth !== req.depth);
      const { keys, fps } = s.settle();
      const full: LevelReport = { ...report, keys, fps };
      return { value: full, transfer: [keys.buffer as ArrayBuffer, fps.buffer as ArrayBuffer] };
    }
    case 'tally':
      return { value: search!.tally(req.p) };
    case 'random': {
      let schedules = 0;
      const inst = build(req.instance);
      const found = searchInvariant(inst, req.invariant, req.opts, req.opts.maxChoices ?? DEFAULT_MAX_CHOICES, (n) => (schedules += n));
      return { value: { schedules, found } };
    }
  }
}

// Requests are handled one at a time, in order: the coordinator matches replies to requests by order.
let queue: Promise<void> = Promise.resolve();
parent.on('message', (req: Request) => {
  queue = queue.then(async () => {
    try {
      const { value, transfer } = await handle(req);
      parent.postMessage({ ok: value } satisfies Reply, transfer ?? []);
    } catch (e) {
      parent.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies Reply);
    }
  });
});
