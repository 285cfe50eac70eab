import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describeL2Contract, startDynaliteTable } from '@app/ohlc-cache/testing';
import { apiProject } from './api-project';
import { L2_ADAPTER_ACTIONS, ROLE_ADAPTERS, type OhlcCacheRole } from './ohlc-cache-actions';
import { OhlcCacheStack } from './ohlc-cache-stack';

const ROOT = join(__dirname, '../../..');

interface StatementJson {
  readonly Effect: string;
  readonly Action: string | string[];
}
interface ManagedPolicyJson {
  readonly Properties: { readonly PolicyDocument: { readonly Statement: StatementJson[] } };
}

/** The SDK names a command `BatchWriteItemCommand`; IAM calls the action `dynamodb:BatchWriteItem`. */
const toIamAction = (commandName: string): string =>
  `dynamodb:${commandName.replace(/Command$/, '')}`;

/** The source files of the L2 adapters on the call stack, innermost first. */
const L2_FILE = /libs\/ohlc-cache\/src\/l2\/([a-z0-9.-]+)\.ts/g;
const ADAPTERS = new Set(Object.keys(L2_ADAPTER_ACTIONS));

/**
 * The adapter sending the command now: the innermost adapter file on the stack (the
 * adapters' helpers, such as `batch-write` or `retry-with-backoff`, are skipped). The middleware
 * calling this runs within the adapter's `send`, so the stack (with its async frames) reaches
 * the adapter's method.
 */
function sendingAdapter(): string {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  Error.captureStackTrace(holder);
  Error.stackTraceLimit = limit;
  const files = [...(holder.stack ?? '').matchAll(L2_FILE)].map((match) => match[1]);
  return (
    files.find((file) => ADAPTERS.has(file)) ?? `unknown (${files.join(' < ') || 'no L2 file'})`
  );
}

/** The actions a synthesized managed policy allows, found by its output; read from the template. */
function allowedBy(template: Template, output: string): Set<string> {
  const ref = (Object.values(template.findOutputs(output))[0].Value as { Ref: string }).Ref;
  const policy = template.findResources('AWS::IAM::ManagedPolicy')[ref] as ManagedPolicyJson;
  return new Set(
    policy.Properties.PolicyDocument.Statement.filter((s) => s.Effect === 'Allow').flatMap(
      (s) => s.Action,
    ),
  );
}

/** `.ts` files under `dir` that are not tests. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !/\.(spec|contract)\.ts$|(^|\/)testing\//.test(file))
    .map((file) => join(dir, file));
}

// The policies and the code cannot drift apart: the L2 contract suite runs here once more on
// dynalite (no Java needed) while every command is recorded with the adapter that sent it; each
// adapter must send exactly the actions `L2_ADAPTER_ACTIONS` gives it, and each role's
// synthesized policy must allow exactly what its adapters sent. The adapter has no
// backend-specific commands, so one backend sees them all.
describe('OHLC cache IAM policies drift', () => {
  const sent = new Map<string, Set<string>>();

  describeL2Contract('dynalite, recording commands', () => startDynaliteTable(), {
    onCommand: (name) => {
      const adapter = sendingAdapter();
      sent.set(adapter, (sent.get(adapter) ?? new Set()).add(toIamAction(name)));
    },
  });

  const sentBy = (adapters: readonly string[]): Set<string> =>
    new Set(adapters.flatMap((adapter) => [...(sent.get(adapter) ?? [])]));

  it('finds each command sent by an adapter that sends exactly its listed actions', () => {
    const measured = Object.fromEntries(
      [...sent].map(([adapter, actions]) => [adapter, [...actions].sort()]),
    );
    const listed = Object.fromEntries(
      Object.entries(L2_ADAPTER_ACTIONS).map(([adapter, actions]) => [
        adapter,
        [...actions].sort(),
      ]),
    );
    expect(measured).toEqual(listed);
  });

  it.each([
    ['service', 'PolicyArn'],
    ['operator', 'OperatorPolicyArn'],
  ] as const)(
    'the %s policy allows exactly what its adapters sent',
    (role: OhlcCacheRole, output) => {
      const stack = new OhlcCacheStack(new App(), 'Drift', { environment: 'drift' });
      const allowed = allowedBy(Template.fromStack(stack), output);
      const used = sentBy(ROLE_ADAPTERS[role]);

      expect(used.size).toBeGreaterThan(0);
      expect({
        sentButNotAllowed: [...used].filter((action) => !allowed.has(action)).sort(),
        allowedButNeverSent: [...allowed].filter((action) => !used.has(action)).sort(),
      }).toEqual({ sentButNotAllowed: [], allowedButNeverSent: [] });
    },
  );

  it('gives the service role no adapter the API cannot reach: nothing of it or the libraries injects the inspector', () => {
    // Where `L2Inspector` may appear: its port, its adapter and the cache module's wiring.
    const wiring = [
      'libs/ohlc-cache/src/l2-inspector.port.ts',
      'libs/ohlc-cache/src/l2/dynamodb-l2-inspector.ts',
      'libs/ohlc-cache/src/l2/l2-admin.provider.ts',
      'libs/ohlc-cache/src/ohlc-cache.module.ts',
      'libs/ohlc-cache/src/ohlc-cache.decorators.ts',
      'libs/ohlc-cache/src/index.ts',
    ];
    const apiReach = [join(ROOT, apiProject(ROOT).sourceRoot), join(ROOT, 'libs')].flatMap(sources);
    const users = apiReach
      .map((file) => relative(ROOT, file))
      .filter((file) => !wiring.includes(file))
      .filter((file) => /\bL2Inspector\b/.test(readFileSync(join(ROOT, file), 'utf8')));

    expect(users).toEqual([]);
    expect(ROLE_ADAPTERS.service).not.toContain('dynamodb-l2-inspector');
    // The operator CLI does inspect: its `stats`.
    expect(readFileSync(join(ROOT, 'apps/cli/src/stats/stats.service.ts'), 'utf8')).toMatch(
      /InjectL2Inspector/,
    );
  });
});
