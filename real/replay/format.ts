/** `replay --real` output: each step with the model's prediction and what Linux did, then one line. */
import type { RealReport } from './report.ts';

export function formatRealReport(r: RealReport): string {
  const lines: string[] = [];
  for (const s of r.steps) {
    lines.push(`${String(s.step).padStart(3)}  ${s.actor}: ${s.call}`);
    lines.push(`       model: ${s.model}${s.procs?.model.length ? ` [${s.procs.model.join('; ')}]` : ''}`);
    lines.push(`       linux: ${s.linux}${s.procs?.linux.length ? ` [${s.procs.linux.join('; ')}]` : ''}`);
  }
  lines.push(r.message);
  return lines.join('\n');
}

/** The JSON form: {reproduced, invariant, linux, divergence}. */
export function realReportJson(r: RealReport): { reproduced: boolean; invariant: string | null; linux: string; divergence: RealReport['divergence'] } {
  return { reproduced: r.reproduced, invariant: r.invariant, linux: r.linux, divergence: r.divergence };
}
