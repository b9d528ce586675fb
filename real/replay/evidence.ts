/**
 * Was the violation reproduced on Linux? Each invariant names the real evidence it needs
 * (model-spec §7): a stray signal must have killed the real victim; a wrong reap must have returned
 * the other process's pid; a wrong status or a wait error is reproduced when every real result
 * the thread saw equals the model's (so the thread returns the same value); a deadlock when the
 * blocked threads really stay asleep in the kernel or on their lock.
 */
import { childInc } from '../../model/world.ts';
import type { Transition } from '../../model/transitions.ts';
import type { World } from '../../model/world.ts';
import { formatValue, signalName } from '../../model/values.ts';
import type { InvariantName } from '../../properties/invariants.ts';
import { ownsIncarnation } from '../../properties/invariants.ts';
import { blockedThreads } from '../../properties/blocked.ts';
import type { ReplayContext } from './replay-context.ts';
import { observe, zombieStatus } from '../processes/procs.ts';
import { planCall } from './calls.ts';
import { C } from '../os/libc.ts';
import { sleepMs } from '../os/sleep.ts';

export interface Evidence {
  readonly reproduced: boolean;
  readonly text: string;
}

/** The real evidence for `inv`, after the whole trace ran without divergence. */
export function evidenceFor(ctx: ReplayContext, inv: InvariantName, last: Transition | null, final: World, holdMs: number): Evidence {
  const actor = last?.info.actor ?? 'nobody';
  // What the step's thread may touch: its own child, or (the loop) every managed child.
  const owner = last?.step.kind === 'thread' ? ctx.inst.threads[last.step.thread]! : {};
  const stray = (inc: number) => !ownsIncarnation(ctx.inst, owner, inc);
  switch (inv) {
    case 'no-stray-signal': {
      const hit = last?.events.signals.find((s) => s.wasRunning && stray(s.inc));
      if (!hit) return { reproduced: false, text: 'the last step sends no stray signal in the model' };
      const victim = ctx.procOf(hit.inc);
      const st = observe(ctx.libc, victim) === 'zombie' ? zombieStatus(ctx.libc, victim) : null;
      const ok = st?.kind === 'signaled' && st.signal === hit.signal;
      return {
        reproduced: ok,
        text: ok
          ? `the victim (pid ${hit.pid}, incarnation ${hit.inc}) was killed by ${signalName(hit.signal)}`
          : `the victim (pid ${hit.pid}, incarnation ${hit.inc}) shows ${st ? formatValue(st) : observe(ctx.libc, victim)}, not death by ${signalName(hit.signal)}`,
      };
    }
    case 'no-wrong-reap': {
      const r = last?.events.reaps.find((x) => stray(x.inc));
      if (!r) return { reproduced: false, text: 'the last step reaps nothing wrong in the model' };
      const p = ctx.procOf(r.inc);
      const st = observe(ctx.libc, p);
      const ok = r.wnowait ? st === 'zombie' : st === 'reaped';
      return {
        reproduced: ok,
        text: `${actor}'s ${last!.info.call.name} returned pid ${r.pid}: the ${p.role} (incarnation ${r.inc}), which is now ${st} on Linux`,
      };
    }
    case 'status-correct':
    case 'no-wait-error':
    case 'no-stale-poll':
    case 'no-kill-error': {
      const ret = last?.info.returned;
      return ret
        ? { reproduced: true, text: `${actor} returns ${formatValue(ret)}: every result it got from Linux equals the model's` }
        : { reproduced: false, text: 'the last step returns nothing in the model' };
    }
    case 'no-zombie-left': {
      // Every managed child as Linux has it; the model's violation is one of them left a zombie.
      const states = ctx.inst.childPids.map((pid, c) => ({ pid, st: observe(ctx.libc, ctx.procOf(childInc(c))) }));
      const zombie = states.find((x) => x.st === 'zombie');
      const shown = zombie ?? states[0]!;
      return { reproduced: zombie !== undefined, text: `every thread returned and the child (pid ${shown.pid}) is ${shown.st} on Linux` };
    }
    case 'no-deadlock':
      return deadlockEvidence(ctx, final, holdMs);
  }
}

/** Every blocked thread is really asleep: in its wait, or on the lock it would take next. */
function deadlockEvidence(ctx: ReplayContext, final: World, holdMs: number): Evidence {
  const pool = ctx.session.pool;
  const parts: string[] = [];
  let ok = true;
  final.threads.forEach((th, t) => {
    if (th.result !== null) return;
    const w = ctx.session.worker(t);
    const ins = ctx.inst.threads[t]!.program[th.pc];
    if (!th.block && (ins?.op === 'lock' || ins?.op === 'rlock')) {
      const c = planCall(ctx.callEnv(undefined, t), { name: ins.op, args: [ins.lock] });
      pool.post(w, c.op, c.a0, c.a1, c.a2);
      ctx.inFlight.set(w, { call: ins.op, reaps: false });
    }
  });
  sleepMs(holdMs);
  for (const b of blockedThreads(ctx.inst, final)) {
    const t = ctx.inst.threads.findIndex((s) => s.name === b.thread);
    // `block_forever` is the strategy's own "hangs here" (a model construct, no kernel call): the
    // replay never runs that thread, which is the hang; the evidence is the other threads'.
    if (ctx.inst.threads[t]!.program[final.threads[t]!.pc]?.op === 'block_forever') {
      parts.push(`${b.thread} blocks forever by its program (block_forever: never run on Linux either)`);
      continue;
    }
    const w = ctx.session.worker(t);
    const flying = ctx.inFlight.get(w);
    const nr = flying?.call === 'waitpid' ? C.SYS_wait4 : flying?.call === 'waitid' ? C.SYS_waitid : flying?.call === 'poll' ? C.SYS_poll : C.SYS_futex;
    const asleep = !pool.idle(w) && pool.asleepIn(w, nr);
    ok &&= asleep;
    parts.push(`${b.thread} ${asleep ? `is still asleep in ${flying?.call ?? '?'} after ${holdMs} ms` : 'is not asleep'} (model: waits for ${b.waitsFor})`);
  }
  for (let c = 0; c < ctx.inst.children; c++) parts.push(`${ctx.inst.children === 1 ? 'the child' : `child c${c + 1}`} is ${observe(ctx.libc, ctx.procOf(childInc(c)))}`);
  return { reproduced: ok, text: parts.join('; ') };
}
