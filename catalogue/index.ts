/**
 * The catalogue: real strategies of real libraries (shared/docs/strategies.md), each written with
 * the public builder a user would use.
 */
import type { Strategy } from '../model/strategy/types.ts';
import { naive } from './naive.ts';
import { cpython38, cpython39 } from './cpython.ts';
import { duct063py39, duct10 } from './duct.ts';
import { mutexChild } from './mutex-child.ts';
import { pidfd, pidfdClose } from './pidfd.ts';
import { libuvNode, libuvNodeClearFirst, libuvNodePidfd } from './libuv-node.ts';

/** Per-child strategies first (expected-verdicts.md's rows), then the process-wide ones (a loop over every child). */
export const CATALOGUE: readonly Strategy[] = [naive, cpython38, cpython39, duct063py39, duct10, mutexChild, pidfd, pidfdClose, libuvNode, libuvNodeClearFirst, libuvNodePidfd];

/** The catalogue strategy named `name` (`cpython-3.9`), or undefined. */
export function findStrategy(name: string): Strategy | undefined {
  return CATALOGUE.find((s) => s.name === name);
}
