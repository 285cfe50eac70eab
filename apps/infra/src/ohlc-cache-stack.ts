import { CfnOutput, RemovalPolicy, Stack, StackProps, Tags } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { assertEnvironmentName } from './environment-name';
import { actionsOf, type OhlcCacheRole } from './ohlc-cache-actions';

export interface OhlcCacheStackProps extends StackProps {
  readonly environment: string;
  /** A role that already exists (e.g. the API's execution role); it gets the service policy. */
  readonly apiRole?: iam.IRole;
  /** A role that already exists for the operator CLI; it gets the operator policy. */
  readonly operatorRole?: iam.IRole;
}

export class OhlcCacheStack extends Stack {
  readonly table: Table;
  /** What the API calls on the table, nothing more (no `Scan`). */
  readonly policy: iam.ManagedPolicy;
  /** What the operator CLI calls: the API's actions and the `Scan` of `stats`. */
  readonly operatorPolicy: iam.ManagedPolicy;
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

    this.policy = this.rolePolicy('ServicePolicy', 'service', environment);
    this.operatorPolicy = this.rolePolicy('OperatorPolicy', 'operator', environment);

    this.serviceEnvironment = {
      OHLC_CACHE_TABLE: this.table.tableName,
      L2_BACKEND: 'dynamodb',
      AWS_REGION: this.region,
    };

    if (props.apiRole) {
      this.grantOhlcCache(props.apiRole);
    }
    if (props.operatorRole) {
      this.grantOhlcCacheOperator(props.operatorRole);
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
    new CfnOutput(this, 'OperatorPolicyArn', {
      value: this.operatorPolicy.managedPolicyArn,
      exportName: `${environment}-ohlc-cache-operator-policy-arn`,
    });
  }

  private rolePolicy(id: string, role: OhlcCacheRole, environment: string): iam.ManagedPolicy {
    return new iam.ManagedPolicy(this, id, {
      description: `What the ${role} role calls on the ${environment} OHLC cache table, nothing else`,
      statements: [
        new iam.PolicyStatement({ actions: actionsOf(role), resources: [this.table.tableArn] }),
      ],
    });
  }

  /**
   * Gives a principal defined elsewhere the service's access. Roles, users and groups get the
   * managed policy itself, so the grant lives on the principal's side and a stack that owns the
   * role and reads `serviceEnvironment` does not form a cycle with this one.
   */
  grantOhlcCache(grantee: iam.IGrantable): void {
    this.grantRole(grantee, 'service', this.policy);
  }

  /** Gives a principal defined elsewhere the operator CLI's access, the same way. */
  grantOhlcCacheOperator(grantee: iam.IGrantable): void {
    this.grantRole(grantee, 'operator', this.operatorPolicy);
  }

  private grantRole(grantee: iam.IGrantable, role: OhlcCacheRole, policy: iam.ManagedPolicy): void {
    const principal = grantee.grantPrincipal;
    if (isIdentity(principal)) {
      principal.addManagedPolicy(policy);
      return;
    }
    iam.Grant.addToPrincipal({
      grantee,
      actions: actionsOf(role),
      resourceArns: [this.table.tableArn],
    }).assertSuccess();
  }
}

function isIdentity(principal: iam.IPrincipal): principal is iam.IIdentity {
  return 'addManagedPolicy' in principal && typeof principal.addManagedPolicy === 'function';
}
