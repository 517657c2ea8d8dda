import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * A tiny process that holds the read end of a pipe from this one: when this process ends, however
 * it ends (a test run that fails, Ctrl-C, a crash, SIGKILL), the pipe closes and the watchdog
 * stops the child (SIGTERM, SIGKILL 3 s later). It leaves by itself once the child is gone.
 */
const WATCHDOG = `
const pid = Number(process.argv[1]);
const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  try { process.kill(pid, 'SIGTERM'); } catch {}
  setTimeout(() => { try { process.kill(pid, 'SIGKILL'); } catch {} }, 3000);
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
setInterval(() => { if (!alive()) process.exit(0); }, 500);
`;

/**
 * Makes `child` end with this process: killed on a normal exit (the 'exit' event, even through
 * process.exit), and by a watchdog when this process is killed outright. Returns what to call
 * once the child has been stopped the ordinary way.
 */
export function exitWithParent(child: ChildProcess): () => void {
  if (child.pid === undefined) return () => undefined;
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.on('exit', onExit);
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(child.pid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  // Neither the watchdog nor its pipe keeps this process alive.
  watchdog.unref();
  (watchdog.stdin as Socket | null)?.unref();
  watchdog.stdin?.on('error', () => undefined);
  return () => {
    process.off('exit', onExit);
    watchdog.stdin?.destroy();
    if (watchdog.exitCode === null) watchdog.kill();
  };
}

/**
 * Ends this process when the process that started it ends, with a SIGTERM to itself so that its
 * own handlers clean up as they do on Ctrl-C (vitest stops its workers; DynamoDB Local goes with
 * it, exitWithParent above). Why: `npm test` runs vitest under `sh -c`, and a SIGTERM to npm (a CI
 * job's timeout, a tool stopping the run) ends npm and the shell but not vitest, which ran on
 * orphaned with its workers and its JVM. Node has no parent-death signal; the parent id changing
 * (to init or a subreaper) is the sign. The check never keeps this process alive. Returns what
 * stops the check.
 */
export function endWithParent(checkEveryMs = 1000): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }, checkEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}
