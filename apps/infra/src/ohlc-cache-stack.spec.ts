import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { actionsOf } from './ohlc-cache-actions';
import { OhlcCacheStack } from './ohlc-cache-stack';

interface PolicyStatementJson {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}
interface PolicyResourceJson {
  readonly Properties: {
    readonly PolicyDocument: { readonly Statement: PolicyStatementJson[] };
    readonly Roles?: unknown[];
  };
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe(OhlcCacheStack.name, () => {
  let sut: OhlcCacheStack;
  let template: Template;

  beforeAll(() => {
    sut = new OhlcCacheStack(new App(), 'Cache', { environment: 'test' });
    template = Template.fromStack(sut);
  });

  const tableLogicalId = (): string => {
    const ids = Object.keys(template.findResources('AWS::DynamoDB::Table'));
    expect(ids).toHaveLength(1);
    return ids[0];
  };
  const managedPolicies = (from: Template): PolicyResourceJson[] =>
    Object.values(from.findResources('AWS::IAM::ManagedPolicy')) as PolicyResourceJson[];
  const allStatements = (): PolicyStatementJson[] =>
    ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy'].flatMap((type) =>
      (Object.values(template.findResources(type)) as PolicyResourceJson[]).flatMap(
        (policy) => policy.Properties.PolicyDocument.Statement,
      ),
    );

  describe('table', () => {
    it('is named after the environment', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'test-ohlc-cache' });
    });

    it('is keyed by string PK (hash) and string SK (range) only', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'PK', AttributeType: 'S' },
          { AttributeName: 'SK', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: Match.absent(),
        LocalSecondaryIndexes: Match.absent(),
      });
    });

    it('bills on demand, with no provisioned throughput', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        BillingMode: 'PAY_PER_REQUEST',
        ProvisionedThroughput: Match.absent(),
      });
    });

    it('has point-in-time recovery and server-side encryption on', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      });
    });

    it('expires items through the ttl attribute', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      });
    });

    it('is retained when the stack is deleted or the table replaced', () => {
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    });

    it('is tagged with feature, environment and service', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        Tags: Match.arrayWith([
          { Key: 'Environment', Value: 'test' },
          { Key: 'Feature', Value: 'persistent-ohlc-cache' },
          { Key: 'Service', Value: 'ohlc-cache' },
        ]),
      });
    });
  });

  describe('outputs', () => {
    it('exports the table name and ARN', () => {
      template.hasOutput('TableName', {
        Value: { Ref: tableLogicalId() },
        Export: { Name: 'test-ohlc-cache-table-name' },
      });
      template.hasOutput('TableArn', {
        Value: { 'Fn::GetAtt': [tableLogicalId(), 'Arn'] },
        Export: { Name: 'test-ohlc-cache-table-arn' },
      });
    });

    it('exports the ARNs of the service and the operator policies', () => {
      template.hasOutput('PolicyArn', {
        Value: { Ref: Match.stringLikeRegexp('^ServicePolicy') },
        Export: { Name: 'test-ohlc-cache-policy-arn' },
      });
      template.hasOutput('OperatorPolicyArn', {
        Value: { Ref: Match.stringLikeRegexp('^OperatorPolicy') },
        Export: { Name: 'test-ohlc-cache-operator-policy-arn' },
      });
    });
  });

  describe('managed policies, one per role', () => {
    /** The policy a stack output names, by its logical id. */
    const policyOf = (output: string): PolicyResourceJson => {
      const outputs = template.findOutputs(output);
      const ref = (Object.values(outputs)[0].Value as { Ref: string }).Ref;
      return template.findResources('AWS::IAM::ManagedPolicy')[ref] as PolicyResourceJson;
    };
    const statementsOf = (output: string) => policyOf(output).Properties.PolicyDocument.Statement;

    it('are the only IAM policies, each with a single Allow statement', () => {
      expect(managedPolicies(template)).toHaveLength(2);
      expect(allStatements()).toEqual([
        expect.objectContaining({ Effect: 'Allow' }),
        expect.objectContaining({ Effect: 'Allow' }),
      ]);
    });

    it.each([
      ['PolicyArn', 'service'],
      ['OperatorPolicyArn', 'operator'],
    ] as const)('%s allows exactly the actions of the %s role', (output, role) => {
      const [statement] = statementsOf(output);
      expect([...asArray(statement.Action)].sort()).toEqual(actionsOf(role));
    });

    it('leaves the whole-table Scan to the operator', () => {
      expect(asArray(statementsOf('PolicyArn')[0].Action)).not.toContain('dynamodb:Scan');
      expect(asArray(statementsOf('OperatorPolicyArn')[0].Action)).toContain('dynamodb:Scan');
    });

    it('apply to the table ARN only, not its indexes', () => {
      for (const statement of allStatements()) {
        expect(asArray(statement.Resource)).toEqual([{ 'Fn::GetAtt': [tableLogicalId(), 'Arn'] }]);
      }
    });

    it('have no wildcard in any action or resource', () => {
      for (const statement of allStatements()) {
        expect(JSON.stringify(statement.Action)).not.toContain('*');
        expect(JSON.stringify(statement.Resource)).not.toContain('*');
      }
    });

    it('are attached to no role unless one is given', () => {
      for (const policy of managedPolicies(template)) {
        expect(policy.Properties.Roles).toBeUndefined();
      }
    });

    it('attach the operator policy to the operator role it is granted to', () => {
      const stack = new OhlcCacheStack(new App(), 'WithOperator', { environment: 'ops' });
      stack.grantOhlcCacheOperator(iam.Role.fromRoleName(stack, 'Operator', 'ohlc-operator'));
      const attached = managedPolicies(Template.fromStack(stack)).filter(
        (policy) => policy.Properties.Roles !== undefined,
      );
      expect(attached).toHaveLength(1);
      expect(attached[0].Properties.Roles).toEqual(['ohlc-operator']);
      expect(asArray(attached[0].Properties.PolicyDocument.Statement[0].Action)).toContain(
        'dynamodb:Scan',
      );
    });
  });

  describe('API role', () => {
    // Both stacks share one App, so both templates come from a single synthesis.
    let withApiRole: Template;
    let apiStack: Template;

    beforeAll(() => {
      const app = new App();
      const api = new Stack(app, 'Api');
      const cacheForApi = new OhlcCacheStack(app, 'CacheForApi', {
        environment: 'shared',
        apiRole: iam.Role.fromRoleName(api, 'Imported', 'ohlc-api'),
      });
      const ownedRole = new iam.Role(api, 'TaskRole', {
        assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      });
      cacheForApi.grantOhlcCache(ownedRole);
      // The API stack also reads the table name: had the grant referenced the role from the cache
      // stack, synthesis would fail with a dependency cycle.
      new CfnOutput(api, 'CacheTable', { value: cacheForApi.serviceEnvironment.OHLC_CACHE_TABLE });

      withApiRole = Template.fromStack(cacheForApi);
      apiStack = Template.fromStack(api);
    });

    it('attaches the managed policy to an imported apiRole', () => {
      const attached = managedPolicies(withApiRole).filter((policy) => policy.Properties.Roles);
      // The service policy only: the API never gets the operator's Scan.
      expect(attached.map((policy) => policy.Properties.Roles)).toEqual([['ohlc-api']]);
      expect(asArray(attached[0].Properties.PolicyDocument.Statement[0].Action)).toEqual(
        actionsOf('service'),
      );
    });

    it('attaches the managed policy to a role owned by another stack, from that stack', () => {
      apiStack.hasResourceProperties('AWS::IAM::Role', {
        ManagedPolicyArns: [
          {
            'Fn::ImportValue': Match.stringLikeRegexp('^CacheForApi:ExportsOutputRefServicePolicy'),
          },
        ],
      });
    });

    it('refuses a principal that cannot hold the policy instead of dropping the grant', () => {
      const scratch = new OhlcCacheStack(new App(), 'Scratch', { environment: 'scratch' });
      expect(() =>
        scratch.grantOhlcCache(new iam.ServicePrincipal('lambda.amazonaws.com')),
      ).toThrow(/could not be added/);
    });
  });

  describe('serviceEnvironment', () => {
    it('points the API at this table through DynamoDB in the stack region', () => {
      expect(sut.resolve(sut.serviceEnvironment)).toEqual({
        OHLC_CACHE_TABLE: { Ref: tableLogicalId() },
        L2_BACKEND: 'dynamodb',
        AWS_REGION: { Ref: 'AWS::Region' },
      });
    });
  });

  it('rejects an environment name that cannot be part of the table and export names', () => {
    expect(() => new OhlcCacheStack(new App(), 'Bad', { environment: 'Prod_1' })).toThrow(
      /Invalid environment name/,
    );
  });
});
