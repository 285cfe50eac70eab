import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Node.js major the service runs on, written once in `.nvmrc` at the repository root: the
 * Lambda runtime (`nodejs<line>.x`), the bundle's target and the container's base image
 * (`node:<line>-slim`, through the Dockerfile's NODE_VERSION argument) all come from it.
 */
export function nodeLine(root: string): number {
  const text = readFileSync(join(root, '.nvmrc'), 'utf8').trim();
  if (!/^[1-9]\d*$/.test(text)) {
    throw new Error(`.nvmrc must hold a Node.js major such as 22, got "${text}"`);
  }
  return Number(text);
}
