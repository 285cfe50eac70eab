import { App } from 'aws-cdk-lib';
import { Role } from 'aws-cdk-lib/aws-iam';
import { ENVIRONMENT_CONTEXT_KEY, resolveEnvironmentName } from './environment-name';
import { OhlcCacheStack } from './ohlc-cache-stack';

export const API_ROLE_ARN_CONTEXT_KEY = 'apiRoleArn';

/** Builds the one stack of the infra app; shared by the CDK CLI entry and the offline synth. */
export function buildOhlcCacheApp(app: App, env: NodeJS.ProcessEnv = process.env): OhlcCacheStack {
  const environment = resolveEnvironmentName(app.node.tryGetContext(ENVIRONMENT_CONTEXT_KEY), env);
  const stack = new OhlcCacheStack(app, `${environment}-ohlc-cache`, {
    environment,
    description: `OHLC candle cache (L2 DynamoDB table) for ${environment}`,
    // Unset offline, so the template stays environment-agnostic; the CDK CLI sets both.
    env: { account: env.CDK_DEFAULT_ACCOUNT, region: env.CDK_DEFAULT_REGION },
  });

  const apiRoleArn: unknown = app.node.tryGetContext(API_ROLE_ARN_CONTEXT_KEY);
  if (apiRoleArn !== undefined) {
    if (typeof apiRoleArn !== 'string' || !apiRoleArn.startsWith('arn:')) {
      throw new Error(`Context '${API_ROLE_ARN_CONTEXT_KEY}' must be an IAM role ARN`);
    }
    // An immutable import would drop the attachment silently; the point here is to attach.
    stack.grantOhlcCache(Role.fromRoleArn(stack, 'ApiRole', apiRoleArn, { mutable: true }));
  }
  return stack;
}
