import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Role, type IRole } from 'aws-cdk-lib/aws-iam';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { ENVIRONMENT_CONTEXT_KEY, resolveEnvironmentName } from './environment-name';
import { LAMBDA_BUNDLE_DIR } from './lambda-bundle';
import { nodeLine } from './node-line';
import { OhlcCacheStack } from './ohlc-cache-stack';
import { OhlcServiceStack } from './ohlc-service-stack';

export const API_ROLE_ARN_CONTEXT_KEY = 'apiRoleArn';
export const OPERATOR_ROLE_ARN_CONTEXT_KEY = 'operatorRoleArn';

export interface OhlcStacks {
  readonly cache: OhlcCacheStack;
  readonly service: OhlcServiceStack;
}

/**
 * Builds the infra app's stacks, `<environment>-ohlc-cache` (the table, the roles' policies) and
 * `<environment>-ohlc-api` (the API on Lambda, from `root`'s `dist/lambda`, which
 * `npm run build:lambda` makes); shared by the CDK CLI entry and the offline synth.
 */
export function buildOhlcCacheApp(
  app: App,
  env: NodeJS.ProcessEnv = process.env,
  root: string = process.cwd(),
): OhlcStacks {
  const environment = resolveEnvironmentName(app.node.tryGetContext(ENVIRONMENT_CONTEXT_KEY), env);
  // Unset offline, so the templates stay environment-agnostic; the CDK CLI sets both.
  const target = { account: env.CDK_DEFAULT_ACCOUNT, region: env.CDK_DEFAULT_REGION };
  const cache = new OhlcCacheStack(app, `${environment}-ohlc-cache`, {
    environment,
    description: `OHLC candle cache (L2 DynamoDB table) for ${environment}`,
    env: target,
  });
  const roles = [
    [API_ROLE_ARN_CONTEXT_KEY, 'ApiRole', (role: IRole) => cache.grantOhlcCache(role)],
    [
      OPERATOR_ROLE_ARN_CONTEXT_KEY,
      'OperatorRole',
      (role: IRole) => cache.grantOhlcCacheOperator(role),
    ],
  ] as const;
  for (const [key, id, grant] of roles) {
    const arn: unknown = app.node.tryGetContext(key);
    if (arn === undefined) continue;
    if (typeof arn !== 'string' || !arn.startsWith('arn:')) {
      throw new Error(`Context '${key}' must be an IAM role ARN`);
    }
    // An immutable import would drop the attachment silently; the point here is to attach.
    grant(Role.fromRoleArn(cache, id, arn, { mutable: true }));
  }

  const bundle = join(root, LAMBDA_BUNDLE_DIR);
  if (!existsSync(join(bundle, 'index.js'))) {
    throw new Error(`No Lambda bundle in ${bundle}: run \`npm run build:lambda\` first`);
  }
  const service = new OhlcServiceStack(app, `${environment}-ohlc-api`, {
    environment,
    description: `OHLC candle cache API on Lambda for ${environment}`,
    env: target,
    cache,
    code: Code.fromAsset(bundle),
    nodeLine: nodeLine(root),
  });
  return { cache, service };
}
