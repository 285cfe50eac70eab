/** A value now, or later: the default (in-process) path stays synchronous, a shared store's is not. */
export type MaybePromise<T> = T | Promise<T>;

/** `next(value)` at once when `value` is there, else once it settles. */
export function andThen<T, U>(value: MaybePromise<T>, next: (value: T) => U): MaybePromise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}
