import { Annotations, CfnOutput, Duration, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { assertEnvironmentName } from './environment-name';
import { LAMBDA_HANDLER } from './lambda-bundle';
import type { OhlcCacheStack } from './ohlc-cache-stack';
import { REPLAY_LOSS_FILTER_PATTERN } from './replay-loss-log';

/** Longest one upstream fetch may take on Lambda (UPSTREAM_DEADLINE_MS), in milliseconds. */
export const LAMBDA_UPSTREAM_DEADLINE_MS = 20_000;
/** Longest the replay queue is drained after an invocation (L2_REPLAY_DRAIN_MS), in milliseconds. */
export const LAMBDA_REPLAY_DRAIN_MS = 3_000;
/** The invocation's limit: a fetch at its deadline, its L2 write, then the drain, with room. */
export const LAMBDA_TIMEOUT = Duration.seconds(30);

/** Where the replay-loss metric is published. */
export const METRICS_NAMESPACE = 'OhlcCache';

export interface OhlcServiceStackProps extends StackProps {
  readonly environment: string;
  /** The table stack: its table, its service policy and the environment pointing at it. */
  readonly cache: OhlcCacheStack;
  /** The function's code: `dist/lambda` from `npm run build:lambda`. */
  readonly code: lambda.Code;
  /** The Node.js major of the runtime (`.nvmrc`). */
  readonly nodeLine: number;
  /**
   * The secret whose JSON object of environment variables the function loads at start
   * (`ENV_SECRET_ID`): API_KEYS and the providers' keys. One is created when absent.
   */
  readonly secret?: secretsmanager.ISecret;
  /** Further settings of the app (README "Configuration"), such as OHLC_PROVIDER; no secrets. */
  readonly appEnvironment?: Readonly<Record<string, string>>;
  /** Memory of one instance, in MiB; its CPU share grows with it (cold starts shorten). */
  readonly memorySize?: number;
  /**
   * Most instances at once (reserved concurrency). Each instance has its own L1, request limits
   * and upstream budget, so this also bounds what the service may spend upstream.
   */
  readonly maxInstances?: number;
  /** 5xx answers in five minutes that raise the alarm. */
  readonly serverErrorThreshold?: number;
}

/**
 * The API on AWS Lambda behind a function URL (the API's built `lambda.js`, bundled into
 * `dist/lambda`), reading and writing the table stack's table with its service policy only;
 * alarms on 5xx answers and on writes the L2 replay queue lost. apps/infra/README.md says why
 * a function URL rather than an HTTP API, and when Fargate behind an ALB fits better.
 */
export class OhlcServiceStack extends Stack {
  readonly function: lambda.Function;
  readonly url: lambda.FunctionUrl;
  readonly secret: secretsmanager.ISecret;
  readonly alarmTopic: sns.Topic;
  readonly serverErrorsAlarm: cloudwatch.Alarm;
  readonly replayLossAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: OhlcServiceStackProps) {
    super(scope, id, props);
    const environment = assertEnvironmentName(props.environment);

    this.secret =
      props.secret ??
      new secretsmanager.Secret(this, 'AppSecrets', {
        description:
          `Environment of the ${environment} OHLC API kept out of its configuration: a JSON ` +
          'object such as {"API_KEYS":"dashboard:user:<secret>","TIINGO_API_KEY":"..."}. ' +
          'Until API_KEYS is set the function refuses to start.',
        // Secrets Manager generates the first value; nothing secret is in the template.
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ API_KEYS: '' }),
          generateStringKey: 'placeholder',
        },
      });

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
    // Lambda reserves AWS_REGION: the runtime sets it.
    const cacheEnvironment = Object.fromEntries(
      Object.entries(props.cache.serviceEnvironment).filter(([name]) => name !== 'AWS_REGION'),
    );
    this.function = new lambda.Function(this, 'Api', {
      functionName: `${environment}-ohlc-api`,
      description: `OHLC candle cache API (${environment})`,
      runtime: new lambda.Runtime(`nodejs${props.nodeLine}.x`, lambda.RuntimeFamily.NODEJS),
      architecture: lambda.Architecture.ARM_64,
      code: props.code,
      handler: LAMBDA_HANDLER,
      memorySize: props.memorySize ?? 1024,
      timeout: LAMBDA_TIMEOUT,
      reservedConcurrentExecutions: props.maxInstances ?? 10,
      logGroup,
      environment: {
        ...props.appEnvironment,
        ...cacheEnvironment,
        OHLC_CACHE_CREATE_TABLE: 'false',
        UPSTREAM_DEADLINE_MS: String(LAMBDA_UPSTREAM_DEADLINE_MS),
        L2_REPLAY_DRAIN_MS: String(LAMBDA_REPLAY_DRAIN_MS),
        ENV_SECRET_ID: this.secret.secretArn,
      },
    });
    props.cache.grantOhlcCache(this.function);
    // Reading the value is all the function does with the secret (no DescribeSecret).
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.secret.secretArn],
      }),
    );

    // The app checks the API keys itself, and answers CORS itself (docs/api.md#cors).
    this.url = this.function.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.NONE,
      invokeMode: lambda.InvokeMode.BUFFERED,
    });

    this.alarmTopic = new sns.Topic(this, 'Alarms', {
      displayName: `OHLC API alarms (${environment})`,
    });
    this.serverErrorsAlarm = new cloudwatch.Alarm(this, 'ServerErrors', {
      alarmDescription:
        '5xx answers of the function URL: function errors and timeouts, and the app answering ' +
        '5xx (upstream down or busy, L2 unusable).',
      metric: this.function.metric('Url5xxCount', {
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(5),
      }),
      threshold: props.serverErrorThreshold ?? 5,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const losses = new logs.MetricFilter(this, 'ReplayLosses', {
      logGroup,
      filterPattern: logs.FilterPattern.literal(REPLAY_LOSS_FILTER_PATTERN),
      metricNamespace: METRICS_NAMESPACE,
      metricName: 'L2ReplayLosses',
      metricValue: '1',
    });
    this.replayLossAlarm = new cloudwatch.Alarm(this, 'ReplayLossAlarm', {
      alarmDescription:
        'Writes the L2 replay queue gave up on (queue full, refused for good, or still refused ' +
        'when an invocation ended): their candles cost upstream quota again.',
      metric: losses.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.serverErrorsAlarm, this.replayLossAlarm]) {
      alarm.addAlarmAction(new actions.SnsAction(this.alarmTopic));
    }

    // Strong references, explicitly: the table stack cannot drop an export the API still uses.
    Annotations.of(this).acknowledgeWarning(
      '@aws-cdk/core:crossStackReferencesDefaultStrong',
      'the table stack must keep the exports the API uses',
    );
    Tags.of(this).add('Environment', environment);
    Tags.of(this).add('Service', 'ohlc-cache');

    new CfnOutput(this, 'Url', { value: this.url.url });
    new CfnOutput(this, 'FunctionName', { value: this.function.functionName });
    new CfnOutput(this, 'SecretArn', { value: this.secret.secretArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
  }
}
