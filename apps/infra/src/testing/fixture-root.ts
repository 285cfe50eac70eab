import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAMBDA_BUNDLE_DIR } from '../lambda-bundle';

/** The repository root. */
export const REPO_ROOT = join(__dirname, '../../../..');

/**
 * A stand-in for the repository root after `npm run build:lambda`: the real `.nvmrc` and a
 * one-line bundle, so that stacks synthesize in tests without building the API.
 */
export function fixtureRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'ohlc-infra-'));
  copyFileSync(join(REPO_ROOT, '.nvmrc'), join(root, '.nvmrc'));
  mkdirSync(join(root, LAMBDA_BUNDLE_DIR), { recursive: true });
  writeFileSync(
    join(root, LAMBDA_BUNDLE_DIR, 'index.js'),
    'exports.handler = async () => ({ statusCode: 200, body: "" });\n',
  );
  return root;
}
