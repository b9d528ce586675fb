/**
 * The pool of search worker threads, started once per worker count and kept for later searches:
 * a worker costs ≈ 0.45–1 s to start (tsx compiles the model in each), more than a catalogue
 * cell's search. Idle workers are unref'd so they never keep the process alive.
 */
import os from 'node:os';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort, TransferListItem } from 'node:worker_threads';
import type { Reply, Request } from './protocol.ts';
import { InputError, StrategyError } from '../../model/errors.ts';
import { StateBudgetExceeded } from '../bfs.ts';

/**
 * The default worker count: the cores this process may use, at most 8 (each worker is a V8 heap
 * of its own, 50–100 MiB before it holds a state, and starts in 0.3–0.6 s).
 */
export function defaultWorkers(): number {
  return Math.min(8, Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** Worker threads answering requests in order (worker-main.ts). */
export class SearchPool {
  private readonly threads: Worker[] = [];
  private readonly pending: Pending[][] = [];
  private busy = 0;
  private broken: Error | null = null;

  constructor(readonly size: number) {
    const ports: (MessagePort | null)[][] = Array.from({ length: size }, () => Array<MessagePort | null>(size).fill(null));
    for (let i = 0; i < size; i++) {
      for (let j = i + 1; j < size; j++) {
        const ch = new MessageChannel();
        ports[i]![j] = ch.port1;
        ports[j]![i] = ch.port2;
      }
    }
    for (let i = 0; i < size; i++) {
      const w = new Worker(new URL('./worker.mjs', import.meta.url));
      this.pending.push([]);
      w.on('message', (r: Reply) => {
        const p = this.pending[i]!.shift();
        if (!p) return;
        if ('error' in r) p.reject(replyError(i, r));
        else p.resolve(r.ok);
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => this.fail(new Error(`search worker ${i} exited (code ${code})`)));
      w.unref();
      this.threads.push(w);
      const own = ports[i]!.filter((p): p is MessagePort => p !== null);
      this.call(i, { type: 'peers', id: i, workers: size, ports: ports[i]! }, own).catch(() => {});
    }
  }

  private fail(e: Error): void {
    this.broken ??= e;
    for (const q of this.pending) for (const p of q.splice(0)) p.reject(e);
  }

  /** Send `req` to worker `i`; resolves with its reply. The pool holds the process alive until every call returned. */
  call<T>(i: number, req: Request, transfer: readonly (ArrayBuffer | MessagePort)[] = []): Promise<T> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.busy++ === 0) for (const t of this.threads) t.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending[i]!.push({ resolve: resolve as (v: unknown) => void, reject });
      this.threads[i]!.postMessage(req, transfer as TransferListItem[]);
    }).finally(() => {
      if (--this.busy === 0) for (const t of this.threads) t.unref();
    });
  }

  /** Send a request to every worker (built per worker) and wait for all replies. */
  all<T>(req: (i: number) => Request, transfer: (i: number) => ArrayBuffer[] = () => []): Promise<T[]> {
    return Promise.all(this.threads.map((_, i) => this.call<T>(i, req(i), transfer(i))));
  }

  async close(): Promise<void> {
    this.broken ??= new Error('the search pool is closed');
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}

/** The error a worker's failed reply stands for: a known one as its own class (protocol.ts `Reply`), else a bug of the checker. */
function replyError(i: number, r: Extract<Reply, { error: string }>): Error {
  if (r.known === 'StrategyError') return new StrategyError(r.error);
  if (r.known === 'InputError') return new InputError(r.error);
  if (r.known === 'StateBudgetExceeded') return new StateBudgetExceeded(r.error);
  return new Error(`search worker ${i}: ${r.error}`);
}

const pools = new Map<number, SearchPool>();

/** The shared pool of `size` workers, started on first use. */
export function searchPool(size: number): SearchPool {
  let p = pools.get(size);
  if (!p) pools.set(size, (p = new SearchPool(size)));
  return p;
}

/**
 * End `pool`'s workers and forget it (the next search of its size starts a new one): for a pool
 * left in a state no request gets out of (search.ts, a search a worker's error ended).
 */
export async function dropSearchPool(pool: SearchPool): Promise<void> {
  if (pools.get(pool.size) === pool) pools.delete(pool.size);
  await pool.close();
}

/** Stop every shared pool's workers (tests and benchmarks call it at the end; idle workers never hold the process anyway). */
export async function closeSearchPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close()));
}
