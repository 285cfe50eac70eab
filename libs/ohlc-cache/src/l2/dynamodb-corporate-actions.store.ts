import {
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type {
  ActionsKey,
  CorporateActionsStore,
  StoredCorporateActions,
} from '../corporate-actions-store.port';
import {
  CLAIM_NAMES,
  CorporateActionsItemMapper,
  type CorporateActionsItem,
} from './corporate-actions-item.mapper';
import { isConditionFailure, storeError } from './dynamodb-errors';
import { corporateActionsKey } from './l2-keys';

type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;

/**
 * Corporate actions as one item per ticker and provider in the cache table
 * (docs/architecture.md#storage-model-l2): read with a strongly consistent
 * `GetItem`, claimed with a conditional `UpdateItem`, replaced with a `PutItem`.
 */
export class DynamoDbCorporateActionsStore implements CorporateActionsStore {
  constructor(
    private readonly client: DocumentSender,
    private readonly tableName: string,
  ) {}

  async read(key: ActionsKey): Promise<StoredCorporateActions | undefined> {
    try {
      const out = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: corporateActionsKey(key),
          // Another instance may have just answered its claim.
          ConsistentRead: true,
        }),
      );
      return CorporateActionsItemMapper.toDomain(out.Item as Partial<CorporateActionsItem>);
    } catch (error) {
      throw storeError('corporate actions read', error);
    }
  }

  async claim(
    key: ActionsKey,
    at: number,
    { staleBefore, from, claimsSince }: Parameters<CorporateActionsStore['claim']>[2],
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: corporateActionsKey(key),
          UpdateExpression: 'SET #claimed = :at',
          ConditionExpression:
            '(attribute_not_exists(#checked) OR #checked < :stale OR #from > :from) AND ' +
            '(attribute_not_exists(#claimed) OR #claimed < :claims)',
          ExpressionAttributeNames: CLAIM_NAMES,
          ExpressionAttributeValues: {
            ':at': at,
            ':stale': staleBefore,
            ':from': CorporateActionsItemMapper.date(from),
            ':claims': claimsSince,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw storeError('corporate actions claim', error);
    }
  }

  async save(key: ActionsKey, answer: StoredCorporateActions): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: CorporateActionsItemMapper.toItem(key, answer),
        }),
      );
    } catch (error) {
      throw storeError('corporate actions write', error);
    }
  }

  async release(key: ActionsKey, at: number): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: corporateActionsKey(key),
          UpdateExpression: 'REMOVE #claimed',
          ConditionExpression: '#claimed = :at',
          ExpressionAttributeNames: { '#claimed': CLAIM_NAMES['#claimed'] },
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    } catch (error) {
      // Taken over by another instance since: theirs now.
      if (!isConditionFailure(error)) throw storeError('corporate actions release', error);
    }
  }
}
