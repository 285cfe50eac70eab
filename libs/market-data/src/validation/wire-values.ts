/** Reading untrusted upstream JSON without trusting its types. */
import { type Candle, ProviderUnavailableError } from '@app/ohlc-core';

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a JSON number, else NaN (so the candle invariants reject it). */
export function numberOrNaN(value: unknown): number {
  return typeof value === 'number' ? value : NaN;
}

/** `undefined` for an absent or null field (allowed for optional ones), else as `numberOrNaN`. */
export function optionalNumber(value: unknown): number | undefined {
  return value === undefined || value === null ? undefined : numberOrNaN(value);
}

/** The candle without keys whose value is undefined (stores such as DynamoDB reject them). */
export function compactCandle(fields: Candle): Candle {
  const { volume, splitFactor, divCash, ...prices } = fields;
  return {
    ...prices,
    ...(volume !== undefined && { volume }),
    ...(splitFactor !== undefined && { splitFactor }),
    ...(divCash !== undefined && { divCash }),
  };
}

/** The error for a 2xx body that is valid JSON but not the shape the feed documents. */
export function unexpectedShape(provider: string, what: string): ProviderUnavailableError {
  return new ProviderUnavailableError(provider, `${what} answered JSON of an unexpected shape`);
}
