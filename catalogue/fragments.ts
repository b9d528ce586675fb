/**
 * Pieces of the catalogue to build on (issue 14): a strategy "as duct-1.0, except the poll" is
 * `extend(duct10, { name, description, poll(p) { … } })`, and its programs can inline the
 * libraries' own code as the catalogue does. Each fragment takes the builder (`ProgramBuilder`);
 * the Popen ones also take what "return X" means where they are inlined (`returnRet` for a role's
 * own program).
 *
 *     import { extend } from '../model/strategy/builder.ts'; // 'reapcheck' when installed
 *     import { duct10, popenPoll, returnRet } from '../catalogue/fragments.ts';
 *     export default extend(duct10, { name: 'duct-popen-poll', description: '…', poll: (p) => popenPoll(p, returnRet) });
 */
export type { Ret } from './popen.ts';
/** CPython's Popen: `wait()`, `poll()` (tries the lock), 3.9's `send_signal()` (polls first), the reap of a poll without the lock, and its memory. */
export { POPEN_SHARED, popenKill39, popenPoll, popenReap, popenWait, returnRet } from './popen.ts';
/** duct 1.0's programs and memory, and the WNOWAIT wait both duct versions block in. */
export { DUCT_SHARED, ductKill, ductPoll, ductWait, ductWaitNoWait } from './duct.ts';
/** The catalogue strategies to extend. */
export { naive } from './naive.ts';
export { cpython38, cpython39 } from './cpython.ts';
export { duct063py39, duct10 } from './duct.ts';
export { mutexChild } from './mutex-child.ts';
export { pidfd, pidfdClose } from './pidfd.ts';
export { libuvNode, libuvNodeClearFirst, libuvNodePidfd } from './libuv-node.ts';
