import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildOhlcCacheApp } from './build-app';
import { LAMBDA_BUNDLE_DIR } from './lambda-bundle';
import { fixtureRoot } from './testing/fixture-root';

describe(buildOhlcCacheApp.name, () => {
  const sut = buildOhlcCacheApp;
  let root: string;

  beforeAll(() => {
    root = fixtureRoot();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('names both stacks after the context environment', () => {
    const { cache, service } = sut(new App({ context: { environment: 'prod' } }), {}, root);
    expect([cache.stackName, service.stackName]).toEqual(['prod-ohlc-cache', 'prod-ohlc-api']);
  });

  it('uses OHLC_ENVIRONMENT without context', () => {
    expect(sut(new App(), { OHLC_ENVIRONMENT: 'staging' }, root).cache.stackName).toBe(
      'staging-ohlc-cache',
    );
  });

  it('targets the account and region the CDK CLI resolved', () => {
    const { cache, service } = sut(
      new App(),
      { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-west-1' },
      root,
    );
    expect([cache.account, service.account]).toEqual(['123456789012', '123456789012']);
    expect(cache.serviceEnvironment.AWS_REGION).toBe('eu-west-1');
  });

  it.each([
    ['apiRoleArn', 'ohlc-api', 'ServicePolicy'],
    ['operatorRoleArn', 'ohlc-operator', 'OperatorPolicy'],
  ])('attaches the role policy to the role given as %s context', (key, role, policy) => {
    const app = new App({
      context: { environment: 'prod', [key]: `arn:aws:iam::123456789012:role/${role}` },
    });
    const policies = Template.fromStack(sut(app, {}, root).cache).findResources(
      'AWS::IAM::ManagedPolicy',
      { Properties: { Roles: [role] } },
    );
    expect(Object.keys(policies)).toEqual([expect.stringMatching(new RegExp(`^${policy}`))]);
  });

  it('rejects a role context that is not an ARN', () => {
    const app = new App({ context: { apiRoleArn: 'ohlc-api' } });
    expect(() => sut(app, {}, root)).toThrow(/must be an IAM role ARN/);
  });

  it('deploys the bundle of `npm run build:lambda` as the function code, asking for it when absent', () => {
    const { service } = sut(new App(), {}, root);
    Template.fromStack(service).hasResourceProperties('AWS::Lambda::Function', {
      Code: { S3Bucket: Match.anyValue(), S3Key: Match.stringLikeRegexp('\\.zip$') },
    });
    rmSync(join(root, LAMBDA_BUNDLE_DIR), { recursive: true });
    expect(() => sut(new App(), {}, root)).toThrow(/run `npm run build:lambda` first/);
  });
});
