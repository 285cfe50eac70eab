import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { killWithThisProcess } from '@app/ohlc-cache/testing/orphan-watchdog';

const SERVER = `
const server = require('dynalite')({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/**
 * A DynamoDB-compatible server (dynalite, in memory) in its own process, as
 * a shared L2 is for several instances: none of the apps under test embeds it.
 */
export class DynaliteProcess {
  private constructor(
    private readonly child: ChildProcess,
    /** `http://127.0.0.1:<port>`. */
    readonly endpoint: string,
  ) {}

  static async start(): Promise<DynaliteProcess> {
    const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
    if (child.pid !== undefined) killWithThisProcess(child.pid);
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    return new DynaliteProcess(child, `http://127.0.0.1:${line.toString().trim()}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
  }
}
