/**
 * What the cache reports as it works, for an app's metrics (the API binds a
 * Prometheus implementation); the library itself keeps no metrics client.
 * Every method is called synchronously on the request path: implementations
 * only count.
 */
export interface CacheObserver {
  /**
   * One read of a layer for a request's range: `hit` when the layer covered
   * all of it, `miss` when it had gaps, `error` when the read failed.
   */
  layerRead(layer: 'l1' | 'l2', outcome: 'hit' | 'miss' | 'error'): void;
  /** One L2 store operation (a whole range read or write-through) finished, after `seconds`. */
  l2Operation(operation: 'read' | 'write', outcome: 'ok' | 'error', seconds: number): void;
}
export const CacheObserver = Symbol('OhlcCache.CacheObserver');

/** The default binding: observes nothing. */
export const NO_CACHE_OBSERVER: CacheObserver = {
  layerRead: () => undefined,
  l2Operation: () => undefined,
};
