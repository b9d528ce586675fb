/**
 * The maps between the model's numbers and the real ones: model pid p ↔ real base + (p − pidBase)
 * (forced through ns_last_pid), model fd m ↔ real fdBase + (m − 3) (both tables hand out the lowest
 * free number, and the replayer keeps its own fds out of the way). Results are translated back, so
 * that every comparison is in the model's numbers.
 */
import type { CallResult, Status } from '../../model/values.ts';
import { fail, ok } from '../../model/values.ts';
import { errnoName } from '../os/libc.ts';
import type { CallOutcome } from '../workers/pool.ts';
import { decodeSiginfo, decodeWaitStatus } from '../processes/procs.ts';

/** A real pid outside the map shows up as this offset plus the pid: it can never equal a model pid. */
export const FOREIGN_PID = 1_000_000;

export class NumberMaps {
  constructor(
    readonly modelPidBase: number,
    readonly pidCount: number,
    readonly realPidBase: number,
    readonly realFdBase: number,
  ) {}

  realPid(p: number): number {
    if (p <= 0) return p; // only the reaper's -1 gets here (the guard saw to it)
    return this.realPidBase + (p - this.modelPidBase);
  }

  modelPid(r: number): number {
    if (r <= 0) return r;
    const k = r - this.realPidBase;
    return k >= 0 && k < this.pidCount ? this.modelPidBase + k : FOREIGN_PID + r;
  }

  realFd(m: number): number {
    return m < 3 ? m : this.realFdBase + (m - 3);
  }

  modelFd(r: number): number {
    return r < 0 ? r : r - this.realFdBase + 3;
  }

  /** waitpid's result: the pid, 0 (WNOHANG, nothing yet) or -1 with errno. */
  waitpidResult(o: CallOutcome): CallResult {
    if (o.ret < 0) return fail(errnoName(o.err) as CallResult['err'] & string);
    if (o.ret === 0) return ok(0, 0, null);
    const pid = this.modelPid(o.ret);
    return ok(pid, pid, decodeWaitStatus(o.x1));
  }

  /** waitid's result: 0 with si_pid (0 when WNOHANG found nothing) and the status, or -1. */
  waitidResult(o: CallOutcome): CallResult {
    if (o.ret < 0) return fail(errnoName(o.err) as CallResult['err'] & string);
    if (o.x1 === 0) return ok(0, 0, null);
    const st: Status | null = decodeSiginfo(o.x2, o.x3);
    return ok(0, this.modelPid(o.x1), st);
  }

  /** A call returning 0 or -1 with errno. */
  plainResult(o: CallOutcome): CallResult {
    return o.ret < 0 ? fail(errnoName(o.err) as CallResult['err'] & string) : ok(o.ret);
  }

  /** A call returning a new fd. */
  fdResult(o: CallOutcome): CallResult {
    return o.ret < 0 ? fail(errnoName(o.err) as CallResult['err'] & string) : ok(this.modelFd(o.ret));
  }
}

/** Wait flags as the model prints them (`0`, `WNOHANG`, `WEXITED|WNOWAIT`) → bits. */
export function waitOptions(text: string | number): number {
  if (text === 0 || text === '0') return 0;
  const bits: Record<string, number> = { WNOHANG: 1, WEXITED: 4, WNOWAIT: 0x01000000 };
  return String(text)
    .split('|')
    .reduce((acc, f) => {
      const b = bits[f];
      if (b === undefined) throw new Error(`reapcheck: unknown wait flag ${f}`);
      return acc | b;
    }, 0);
}

/** A signal as the model prints it (`SIGKILL`, `0`, `SIG12`) → number. */
export function signalNumber(text: string | number): number {
  if (typeof text === 'number') return text;
  const named: Record<string, number> = { SIGKILL: 9, SIGTERM: 15, '0': 0 };
  if (text in named) return named[text]!;
  const m = /^SIG(\d+)$/.exec(text);
  if (!m) throw new Error(`reapcheck: unknown signal ${text}`);
  return Number(m[1]);
}
