import { spawnSync } from 'node:child_process';

/** Whether podman can build and run the image here, and if not, why. */
export type ContainerEngine =
  | { readonly usable: true; readonly baseImage: string }
  | { readonly usable: false; readonly reason: string };

/** The first line of what a failed command said. */
function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

function podman(args: string[], timeoutMs = 60_000): { ok: boolean; output: string } {
  const run = spawnSync('podman', args, { encoding: 'utf8', timeout: timeoutMs });
  if (run.error) return { ok: false, output: run.error.message };
  return { ok: run.status === 0, output: `${run.stderr}\n${run.stdout}` };
}

/**
 * Asks podman, step by step, what the container test needs: podman itself, the base image
 * (`node:<line>-slim`, local or pulled) and a container that runs. Each answer takes seconds;
 * the first missing piece is the reason to skip.
 */
export function probeContainerEngine(nodeLine: number): ContainerEngine {
  const baseImage = `docker.io/library/node:${nodeLine}-slim`;
  const version = podman(['--version'], 10_000);
  if (!version.ok) {
    return {
      usable: false,
      reason: `podman is not usable (${firstLine(version.output)}); apt-get install podman`,
    };
  }
  if (!podman(['image', 'exists', baseImage], 10_000).ok) {
    const pull = podman(['pull', '--quiet', baseImage], 120_000);
    if (!pull.ok) {
      return {
        usable: false,
        reason:
          `no base image ${baseImage}: not in podman's local storage, and pulling it failed ` +
          `(${firstLine(pull.output.replace(/^Trying to pull.*\n/m, ''))})`,
      };
    }
  }
  const run = podman(['run', '--rm', baseImage, 'node', '-e', '0']);
  if (!run.ok) {
    return {
      usable: false,
      reason: `podman cannot run a container here (${firstLine(run.output)})`,
    };
  }
  return { usable: true, baseImage };
}
