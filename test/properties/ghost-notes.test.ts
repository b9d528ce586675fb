/**
 * Ghost notes name incarnations from the acting thread's point of view: with several children,
 * "the child" is the actor's own child, another managed child is called by its name (c2), and the
 * environment never has a child of its own.
 */
import { describe, it, expect } from 'vitest';
import { findStrategy } from '../../catalogue/index.ts';
import { findScenario } from '../../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../../model/scope.ts';
import { createInstance } from '../../model/instance.ts';
import type { Step } from '../../model/transitions.ts';
import { applyStep, enabledSteps, initialWorld } from '../../model/transitions.ts';
import { ghostNotes } from '../../properties/ghost-notes.ts';

/** Apply `steps` (each must be enabled) and return the notes of every step. */
function notesOf(steps: readonly Step[], children: number): string[][] {
  const inst = createInstance(findStrategy('naive')!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children, killers: 1 }));
  let w = initialWorld(inst);
  const out: string[][] = [];
  for (const s of steps) {
    const enabled = enabledSteps(inst, w);
    expect(enabled.map((e) => JSON.stringify(e)), `step ${JSON.stringify(s)} enabled`).toContain(JSON.stringify(s));
    const tr = applyStep(inst, w, s);
    out.push(ghostNotes(inst, tr));
    w = tr.after;
  }
  return out;
}

describe('ghost notes with several children', () => {
  it("call the actor's own child the child, another child by its name, and the reaper's zombie by its child's name", () => {
    // Two children, one waiter + one killer each (threads 0, 1 for c1; 2, 3 for c2).
    const notes = notesOf(
      [
        { kind: 'child-exit', child: 1 }, // c2 exits: a zombie on pid 101
        { kind: 'reap-any', pid: 101 }, // the watcher reaps it
        { kind: 'spawn', pid: 101 }, // a sibling takes the number
        { kind: 'thread', thread: 3 }, // c2's killer: kill(101) reaches the sibling
      ],
      2,
    );
    expect(notes[1]).toEqual(['reaped incarnation 2 of pid 101 (managed child c2): pid 101 is free again (K1)']);
    expect(notes[3]!.join('\n')).toContain('SIGKILL reached incarnation 3 of pid 101 (a sibling); the child was incarnation 2');
  });

  it('keep the one-child wording', () => {
    const notes = notesOf([{ kind: 'child-exit' }, { kind: 'reap-any', pid: 100 }], 1);
    expect(notes[1]).toEqual(['reaped incarnation 1 of pid 100 (the child): pid 100 is free again (K1)']);
  });
});
