import { CfnOutput, RemovalPolicy, Stack, StackProps, Tags } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { assertEnvironmentName } from './environment-name';
import { OHLC_CACHE_DYNAMODB_ACTIONS } from './ohlc-cache-actions';

export interface OhlcCacheStackProps extends StackProps {
  readonly environment: string;
  /** A role that already exists (e.g. the API's execution role); it gets the managed policy. */
  readonly apiRole?: iam.IRole;
}

export class OhlcCacheStack extends Stack {
  readonly table: Table;
  readonly policy: iam.ManagedPolicy;
  /**
   * What the API process needs to find the table. Lambda reserves AWS_REGION and CDK rejects it
   * in `addEnvironment`, so drop that key when wiring a Lambda function (ECS/EC2 need it).
   */
  readonly serviceEnvironment: Record<string, string>;

  constructor(scope: Construct, id: string, props: OhlcCacheStackProps) {
    super(scope, id, props);
    const environment = assertEnvironmentName(props.environment);

    this.table = new Table(this, 'Table', {
      tableName: `${environment}-ohlc-cache`,
      partitionKey: { name: 'PK', type: AttributeType.STRING },
      sortKey: { name: 'SK', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // AWS_MANAGED rather than DEFAULT so the template states the encryption explicitly.
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: 'ttl',
      // Cached candles cost upstream API quota to refetch; deleting the stack must not drop them.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.policy = new iam.ManagedPolicy(this, 'ServicePolicy', {
      description: `Read/write access to the ${environment} OHLC cache table, nothing else`,
      statements: [
        new iam.PolicyStatement({
          actions: [...OHLC_CACHE_DYNAMODB_ACTIONS],
          resources: [this.table.tableArn],
        }),
      ],
    });

    this.serviceEnvironment = {
      OHLC_CACHE_TABLE: this.table.tableName,
      L2_BACKEND: 'dynamodb',
      AWS_REGION: this.region,
    };

    if (props.apiRole) {
      this.grantOhlcCache(props.apiRole);
    }

    Tags.of(this).add('Feature', 'persistent-ohlc-cache');
    Tags.of(this).add('Environment', environment);
    Tags.of(this).add('Service', 'ohlc-cache');

    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      exportName: `${environment}-ohlc-cache-table-name`,
    });
    new CfnOutput(this, 'TableArn', {
      value: this.table.tableArn,
      exportName: `${environment}-ohlc-cache-table-arn`,
    });
    new CfnOutput(this, 'PolicyArn', {
      value: this.policy.managedPolicyArn,
      exportName: `${environment}-ohlc-cache-policy-arn`,
    });
  }

  /**
   * Gives a principal defined elsewhere the service's access. Roles, users and groups get the
   * managed policy itself, so the grant lives on the principal's side and a stack that owns the
   * role and reads `serviceEnvironment` does not form a cycle with this one.
   */
  grantOhlcCache(grantee: iam.IGrantable): void {
    const principal = grantee.grantPrincipal;
    if (isIdentity(principal)) {
      principal.addManagedPolicy(this.policy);
      return;
    }
    iam.Grant.addToPrincipal({
      grantee,
      actions: [...OHLC_CACHE_DYNAMODB_ACTIONS],
      resourceArns: [this.table.tableArn],
    }).assertSuccess();
  }
}

function isIdentity(principal: iam.IPrincipal): principal is iam.IIdentity {
  return 'addManagedPolicy' in principal && typeof principal.addManagedPolicy === 'function';
}
