import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildOhlcCacheApp } from './build-app';

describe(buildOhlcCacheApp.name, () => {
  const sut = buildOhlcCacheApp;

  it('names the stack after the context environment', () => {
    const stack = sut(new App({ context: { environment: 'prod' } }), {});
    expect(stack.stackName).toBe('prod-ohlc-cache');
  });

  it('uses OHLC_ENVIRONMENT without context', () => {
    expect(sut(new App(), { OHLC_ENVIRONMENT: 'staging' }).stackName).toBe('staging-ohlc-cache');
  });

  it('targets the account and region the CDK CLI resolved', () => {
    const stack = sut(new App(), {
      CDK_DEFAULT_ACCOUNT: '123456789012',
      CDK_DEFAULT_REGION: 'eu-west-1',
    });
    expect(stack.account).toBe('123456789012');
    expect(stack.serviceEnvironment.AWS_REGION).toBe('eu-west-1');
  });

  it('attaches the managed policy to the role given as apiRoleArn context', () => {
    const app = new App({
      context: { environment: 'prod', apiRoleArn: 'arn:aws:iam::123456789012:role/ohlc-api' },
    });
    Template.fromStack(sut(app, {})).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: ['ohlc-api'],
    });
  });

  it('rejects an apiRoleArn that is not an ARN', () => {
    const app = new App({ context: { apiRoleArn: 'ohlc-api' } });
    expect(() => sut(app, {})).toThrow(/must be an IAM role ARN/);
  });
});
