import type {
  ActionsKey,
  CorporateActionsStore,
  StoredCorporateActions,
} from '../corporate-actions-store.port';

/** A hand-written store of corporate actions: a map, with the claim's conditions. */
export class FakeCorporateActionsStore implements CorporateActionsStore {
  readonly answers = new Map<string, StoredCorporateActions>();
  private readonly claims = new Map<string, number>();

  read(key: ActionsKey): Promise<StoredCorporateActions | undefined> {
    return Promise.resolve(this.answers.get(id(key)));
  }

  claim(
    key: ActionsKey,
    at: number,
    { staleBefore, from, claimsSince }: Parameters<CorporateActionsStore['claim']>[2],
  ): Promise<boolean> {
    const stored = this.answers.get(id(key));
    const due = !stored || stored.checkedAt < staleBefore || stored.from > from;
    const free = (this.claims.get(id(key)) ?? -Infinity) < claimsSince;
    if (due && free) this.claims.set(id(key), at);
    return Promise.resolve(due && free);
  }

  save(key: ActionsKey, answer: StoredCorporateActions): Promise<void> {
    this.answers.set(id(key), answer);
    this.claims.delete(id(key));
    return Promise.resolve();
  }

  release(key: ActionsKey, at: number): Promise<void> {
    if (this.claims.get(id(key)) === at) this.claims.delete(id(key));
    return Promise.resolve();
  }
}

const id = (key: ActionsKey) => `${key.ticker}#${key.source}`;
