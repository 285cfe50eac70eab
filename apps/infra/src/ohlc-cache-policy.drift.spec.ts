import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describeL2Contract, startDynaliteTable } from '@app/ohlc-cache/testing';
import { OhlcCacheStack } from './ohlc-cache-stack';

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

/** What the synthesized managed policy allows; read from the template, not from the constant. */
function allowedActions(template: Template): Set<string> {
  const policies = Object.values(
    template.findResources('AWS::IAM::ManagedPolicy'),
  ) as ManagedPolicyJson[];
  return new Set(
    policies
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap((statement) => statement.Action),
  );
}

// The policy and the adapter cannot drift apart: the L2 contract suite runs here once more on
// dynalite (no Java needed) while every command the adapter sends is recorded, then the
// synthesized policy must allow exactly those. The adapter has no backend-specific commands, so
// one backend sees them all.
describe('OHLC cache IAM policy drift', () => {
  const sent = new Set<string>();

  describeL2Contract('dynalite, recording commands', () => startDynaliteTable(), {
    onCommand: (name) => sent.add(toIamAction(name)),
  });

  it('allows exactly the DynamoDB actions the L2 adapter sent during the contract suite', () => {
    const stack = new OhlcCacheStack(new App(), 'Drift', { environment: 'drift' });
    const allowed = allowedActions(Template.fromStack(stack));

    expect(sent.size).toBeGreaterThan(0);
    expect({
      sentButNotAllowed: [...sent].filter((action) => !allowed.has(action)).sort(),
      allowedButNeverSent: [...allowed].filter((action) => !sent.has(action)).sort(),
    }).toEqual({ sentButNotAllowed: [], allowedButNeverSent: [] });
  });
});
