import { spawn } from 'node:child_process';

/** Runs in its own Node process: `argv` holds the parent's pid, then the child's. */
const WATCHDOG = `
const [parent, child] = process.argv.slice(1).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
setInterval(() => {
  if (!alive(child)) process.exit(0);
  if (!alive(parent)) { try { process.kill(child, 'SIGKILL'); } catch {} process.exit(0); }
}, 500);
`;

/**
 * Kills `childPid` once this process is gone. An `exit` handler is not
 * enough: a jest worker killed by a signal (timeout, --forceExit, SIGKILL)
 * runs none, and the child would keep its port and memory forever.
 */
export function killWithThisProcess(childPid: number): void {
  spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), String(childPid)], {
    detached: true,
    stdio: 'ignore',
  }).unref();
}
