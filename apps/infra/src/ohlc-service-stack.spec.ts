import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { LAMBDA_BUNDLE_DIR, LAMBDA_HANDLER } from './lambda-bundle';
import { nodeLine } from './node-line';
import { OhlcCacheStack } from './ohlc-cache-stack';
import {
  LAMBDA_REPLAY_DRAIN_MS,
  LAMBDA_UPSTREAM_DEADLINE_MS,
  METRICS_NAMESPACE,
  OhlcServiceStack,
} from './ohlc-service-stack';
import { REPLAY_LOSS_FILTER_PATTERN } from './replay-loss-log';
import { fixtureRoot, REPO_ROOT } from './testing/fixture-root';

interface StatementJson {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}
interface FunctionJson {
  readonly Properties: {
    readonly Environment: { readonly Variables: Record<string, unknown> };
    readonly Role: { readonly 'Fn::GetAtt': [string, string] };
    readonly LoggingConfig: { readonly LogGroup: { readonly Ref: string } };
  };
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe(OhlcServiceStack.name, () => {
  let root: string;
  let cache: OhlcCacheStack;
  let sut: OhlcServiceStack;
  let template: Template;
  let fn: FunctionJson;

  beforeAll(() => {
    root = fixtureRoot();
    const app = new App();
    cache = new OhlcCacheStack(app, 'Cache', { environment: 'test' });
    sut = new OhlcServiceStack(app, 'Service', {
      environment: 'test',
      cache,
      code: Code.fromAsset(join(root, LAMBDA_BUNDLE_DIR)),
      nodeLine: nodeLine(REPO_ROOT),
      appEnvironment: { OHLC_PROVIDER: 'tiingo' },
    });
    template = Template.fromStack(sut);
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(1);
    fn = functions[0] as FunctionJson;
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const statementsOfRole = (): StatementJson[] =>
    (
      Object.values(template.findResources('AWS::IAM::Policy')) as {
        Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: StatementJson[] } };
      }[]
    )
      .filter((policy) =>
        policy.Properties.Roles.some((r) => r.Ref === fn.Properties.Role['Fn::GetAtt'][0]),
      )
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);

  describe('function', () => {
    it('runs the bundle on the Node.js line of .nvmrc, on arm64', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: 'test-ohlc-api',
        Runtime: `nodejs${nodeLine(REPO_ROOT)}.x`,
        Handler: LAMBDA_HANDLER,
        Architectures: ['arm64'],
        MemorySize: 1024,
        Timeout: 30,
        ReservedConcurrentExecutions: 10,
        Code: { S3Bucket: Match.anyValue(), S3Key: Match.stringLikeRegexp('\\.zip$') },
      });
      expect(nodeLine(REPO_ROOT)).toBe(22);
    });

    it('is configured by the variables the app reads, pointing at the table stack', () => {
      expect(fn.Properties.Environment.Variables).toEqual({
        OHLC_PROVIDER: 'tiingo',
        L2_BACKEND: 'dynamodb',
        OHLC_CACHE_TABLE: {
          'Fn::ImportValue': expect.stringMatching(/^Cache:ExportsOutputRefTable/),
        },
        OHLC_CACHE_CREATE_TABLE: 'false',
        UPSTREAM_DEADLINE_MS: String(LAMBDA_UPSTREAM_DEADLINE_MS),
        L2_REPLAY_DRAIN_MS: String(LAMBDA_REPLAY_DRAIN_MS),
        ENV_SECRET_ID: { Ref: expect.stringMatching(/^AppSecrets/) },
      });
    });

    it('synthesizes without warnings (the cross-stack references are strong on purpose)', () => {
      Annotations.fromStack(sut).hasNoWarning('*', Match.anyValue());
    });

    it('leaves the drain and an upstream fetch room within the invocation', () => {
      expect(LAMBDA_UPSTREAM_DEADLINE_MS + LAMBDA_REPLAY_DRAIN_MS + 500).toBeLessThan(30_000);
    });
  });

  describe('secrets', () => {
    it('keeps every key out of the template: the function reads them from a generated secret', () => {
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        GenerateSecretString: {
          SecretStringTemplate: JSON.stringify({ API_KEYS: '' }),
          GenerateStringKey: 'placeholder',
        },
        SecretString: Match.absent(),
      });
      const names = Object.keys(fn.Properties.Environment.Variables);
      expect(names.filter((name) => /KEY|SECRET|TOKEN|PASSWORD/.test(name))).toEqual([
        'ENV_SECRET_ID',
      ]);
    });

    it('lets the function read that secret and nothing else of Secrets Manager', () => {
      const secretStatements = statementsOfRole().filter((s) =>
        asArray(s.Action).some((a) => a.startsWith('secretsmanager:')),
      );
      expect(secretStatements).toEqual([
        {
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: { Ref: expect.stringMatching(/^AppSecrets/) as unknown },
        },
      ]);
    });
  });

  describe('least privilege', () => {
    it('gives the role the service policy of the table stack, not the operator one', () => {
      const role = template.findResources('AWS::IAM::Role')[fn.Properties.Role['Fn::GetAtt'][0]];
      const arns = JSON.stringify(role.Properties.ManagedPolicyArns);
      expect(arns).toMatch(/ExportsOutputRefServicePolicy/);
      expect(arns).not.toMatch(/OperatorPolicy/);
      expect(arns).toMatch(/AWSLambdaBasicExecutionRole/);
    });

    it('grants no DynamoDB action of its own', () => {
      const actions = statementsOfRole().flatMap((s) => asArray(s.Action));
      expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    });
  });

  describe('function URL', () => {
    it('is public to the network, leaving keys and CORS to the app', () => {
      template.hasResourceProperties('AWS::Lambda::Url', {
        AuthType: 'NONE',
        InvokeMode: 'BUFFERED',
        Cors: Match.absent(),
      });
      template.hasOutput('Url', { Value: { 'Fn::GetAtt': [Match.anyValue(), 'FunctionUrl'] } });
    });
  });

  describe('alarms', () => {
    const topic = () => Object.keys(template.findResources('AWS::SNS::Topic'))[0];

    it('raise on 5xx answers of the function URL', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Url5xxCount',
        Dimensions: [{ Name: 'FunctionName', Value: Match.anyValue() }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 5,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: topic() }],
      });
    });

    it('raise on any write the replay queue lost, counted from its log line', () => {
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        FilterPattern: REPLAY_LOSS_FILTER_PATTERN,
        LogGroupName: { Ref: fn.Properties.LoggingConfig.LogGroup.Ref },
        MetricTransformations: [
          { MetricNamespace: METRICS_NAMESPACE, MetricName: 'L2ReplayLosses', MetricValue: '1' },
        ],
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: METRICS_NAMESPACE,
        MetricName: 'L2ReplayLosses',
        Statistic: 'Sum',
        Threshold: 1,
        AlarmActions: [{ Ref: topic() }],
      });
    });
  });
});
