/** Where the CLI writes: the process's streams in `main.ts`, buffers in tests. */
export interface CliIo {
  /** Program output: progress lines, tables, JSON. */
  readonly write: (text: string) => void;
  /** Errors and usage mistakes. */
  readonly error: (text: string) => void;
  /** The terminal to draw progress bars on; absent when stdout is not one (a pipe, CI). */
  readonly tty?: NodeJS.WriteStream;
}

export function processIo(): CliIo {
  return {
    write: (text) => process.stdout.write(text),
    error: (text) => process.stderr.write(text),
    tty: process.stdout.isTTY ? process.stdout : undefined,
  };
}
