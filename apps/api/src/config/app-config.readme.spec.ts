import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCandleDataConfig } from '@app/candle-data';
import { loadAppConfig } from './app-config';

const ROOT = join(__dirname, '../../../..');

/** Every variable the API's two loaders look up, recorded through a proxy over an empty environment. */
function variablesRead(): string[] {
  const read = new Set<string>();
  const env = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get: (_target, name) => {
        if (typeof name === 'string') read.add(name);
        return undefined;
      },
    },
  );
  loadCandleDataConfig(env);
  loadAppConfig(env);
  return [...read].sort();
}

/** The backticked names in the first column of the README's Configuration table. */
function variablesDocumented(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('## Configuration')[1].split('\n## ')[0];
  const rows = section.split('\n').filter((line) => /^\| `/.test(line));
  return rows
    .flatMap((row) => [...row.split('|')[1].matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]))
    .sort();
}

describe('README configuration table', () => {
  it('lists exactly the variables the API reads', () => {
    expect(variablesDocumented()).toEqual(variablesRead());
  });

  it('documents every variable .env sets', () => {
    const env = readFileSync(join(ROOT, '.env'), 'utf8');
    const set = [...env.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(set.filter((name) => !variablesDocumented().includes(name))).toEqual([]);
  });
});
