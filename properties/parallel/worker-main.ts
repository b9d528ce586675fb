/**
 * The body of a search worker thread (started through worker.mjs): it answers the coordinator's
 * requests in order — one exhaustive search at a time (level-worker.ts) or one invariant of the
 * random engine — and hands states to its peers over direct ports when one steals from another or
 * the coordinator evens out the shares, so that worlds never pass through the coordinator.
 */
import { parentPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { createInstance } from '../../model/instance.ts';
import { InputError, StrategyError } from '../../model/errors.ts';
import type { Instance } from '../../model/instance.ts';
import { DEFAULT_MAX_CHOICES, searchInvariant } from '../random.ts';
import { LevelWorker } from './level-worker.ts';
import { internDeep } from '../interned.ts';
import type { Batch, ExpandReply, InstanceData, Reply, Request, StealBatch } from './protocol.ts';
import { search as sequentialSearch, StateBudgetExceeded } from '../bfs.ts';
import type { InvariantName } from '../invariants.ts';

/**
 * Expand the share; once it is done, steal half of the states left of the worker with the most
 * (steal-words.ts) and expand those, until no worker has enough left to be worth it.
 */
async function expandReply(s: LevelWorker, depth: number, skip: readonly InvariantName[]): Promise<ExpandReply> {
  for (;;) {
    const r = s.expand(depth, skip);
    if (r === 'full') return { done: false };
    if (r === 'bounded') return { done: 'bounded', report: s.report(), ...(s.bound ? { bound: s.bound } : {}) };
    if (workers === 1 || !s.askSteal()) return { done: true, report: s.report() };
    s.takeStolen(await stolen());
  }
}

if (!parentPort) throw new Error('[reapcheck internal bug] worker-main.ts runs only as a worker thread');
const parent = parentPort;

let id = 0;
let workers = 1;
let peers: (MessagePort | null)[] = [];
let search: LevelWorker | null = null;
/** Batches that arrived before this worker finished expanding their level (ports are not ordered with each other). */
let inbox: Batch[] = [];
let waiting: { depth: number; count: number; resolve: () => void } | null = null;
/** The answer to this worker's steal, and who waits for it (one steal at a time). */
let answer: StealBatch | null = null;
let thief: ((b: StealBatch) => void) | null = null;

function onBatch(b: Batch | StealBatch): void {
  if (b.kind === 'steal') {
    if (thief) (thief(b), (thief = null));
    else answer = b;
    return;
  }
  inbox.push(b);
  if (waiting && inbox.filter((x) => x.depth === waiting!.depth).length === waiting.count) waiting.resolve();
}

/** The answer to the steal this worker asked for. */
function stolen(): Promise<StealBatch> {
  const b = answer;
  answer = null;
  return b ? Promise.resolve(b) : new Promise((resolve) => (thief = resolve));
}

/** Wait until `count` batches of `depth` arrived. */
function batches(depth: number, count: number): Promise<void> {
  if (inbox.filter((x) => x.depth === depth).length === count) return Promise.resolve();
  return new Promise((resolve) => (waiting = { depth, count, resolve }));
}

function build(data: InstanceData): Instance {
  // The data came by structured clone: its strings are copies, not V8's internalized literals (interned.ts).
  return createInstance(internDeep(data.strategy), internDeep(data.scenario), data.scope);
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
      // A search that ended without its 'end' (the coordinator failed) leaves no open file behind.
      search?.close();
      search = new LevelWorker(build(req.instance), req.setup, id, req.table, (to, b, transfer) => peers[to]!.postMessage(b, transfer));
      inbox = [];
      answer = null;
      thief = null;
      return { value: null };
    case 'level': {
      search!.advance(req.ranks);
      return { value: await expandReply(search!, req.depth, req.skip) };
    }
    case 'resume':
      return { value: await expandReply(search!, req.depth, req.skip) };
    case 'grow':
      search!.grow(req.table, req.from, req.to);
      return { value: null };
    case 'resolve':
      return { value: search!.resolve(req.lowered) };
    case 'balance': {
      const s = search!;
      for (const m of req.moves) {
        if (m.from !== id) continue;
        const b: Batch = { kind: 'balance', from: id, depth: req.depth, ...s.give(m.n, m.to) };
        peers[m.to]!.postMessage(b, [b.keys.buffer as ArrayBuffer, b.rows.buffer as ArrayBuffer]);
      }
      const incoming = req.moves.filter((m) => m.to === id).length;
      await batches(req.depth, incoming);
      waiting = null;
      for (const b of inbox) if (b.depth === req.depth) s.take(b.from, b.keys, b.rows, b.parts);
      inbox = inbox.filter((b) => b.depth !== req.depth);
      const keys = s.settle();
      return { value: keys, transfer: [keys.buffer as ArrayBuffer] };
    }
    case 'tally':
      return { value: search!.tally(req.p) };
    case 'end': {
      const written = search?.close() ?? 0;
      search = null;
      return { value: written };
    }
    case 'sequential': {
      const progress = new Int32Array(req.opts.progress);
      return { value: sequentialSearch(build(req.instance), { ...req.opts, onProgress: (n) => Atomics.store(progress, 0, n) }) };
    }
    case 'random': {
      let schedules = 0;
      const inst = build(req.instance);
      const { found, interrupted } = searchInvariant(inst, req.invariant, req.opts, req.opts.maxChoices ?? DEFAULT_MAX_CHOICES, (n) => (schedules += n));
      return { value: { schedules, found, interrupted } };
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
      const known = e instanceof StrategyError || e instanceof InputError || e instanceof StateBudgetExceeded ? e.name : undefined;
      parent.postMessage((known ? { error: (e as Error).message, known } : { error: e instanceof Error ? (e.stack ?? e.message) : String(e) }) satisfies Reply);
    }
  });
});
