import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Sender = Pick<DynamoDBDocumentClient, 'send'>;

/**
 * Neither dynalite nor DynamoDB Local ever returns UnprocessedItems, so this
 * wrapper withholds the last item of each BatchWrite for the first
 * `withheld` attempts and reports it back as unprocessed.
 */
export class WithholdingClient implements Sender {
  readonly batchSizes: number[] = [];

  constructor(
    private readonly real: Sender,
    private withheld: number,
  ) {}

  send: Sender['send'] = ((command: unknown) => {
    if (!(command instanceof BatchWriteCommand) || this.withheld === 0) {
      return this.real.send(command as BatchWriteCommand);
    }
    this.withheld--;
    const [table, requests] = Object.entries(command.input.RequestItems ?? {})[0];
    this.batchSizes.push(requests.length);
    const kept = requests.slice(0, -1);
    const send = kept.length
      ? this.real.send(new BatchWriteCommand({ RequestItems: { [table]: kept } }))
      : Promise.resolve({});
    return send.then(() => ({ UnprocessedItems: { [table]: requests.slice(-1) } }));
  }) as Sender['send'];
}
