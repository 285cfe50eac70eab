/** Receives a ticker's new invalidation generation, published by whichever instance bumped it. */
export type InvalidationListener = (ticker: string, generation: number) => void;

/**
 * Carries invalidations to every instance at once (Redis pub/sub in this
 * service), so that none keeps serving a ticker from its L1 until its next
 * generation check. Best effort: a lost message only waits for that check.
 */
export interface InvalidationBus {
  /** Tells every instance; never throws (a failure is the bus's to report). */
  publish(ticker: string, generation: number): Promise<void>;
  subscribe(listener: InvalidationListener): Promise<void>;
}
