/**
 * 1–5 letters, optionally a one-letter class suffix (`BRK.B`). Checked before
 * upper-casing: some non-ASCII letters upper-case to ASCII ones (`ı` → `I`,
 * `ß` → `SS`), and a lookalike must not pass as another ticker.
 */
const TICKER = /^[A-Za-z]{1,5}(\.[A-Za-z])?$/;

/** How a ticker must look, in the words every entry point answers a bad one with. */
export const TICKER_RULE = 'use 1-5 letters, optionally with a class suffix such as BRK.B';

/** The ticker upper-cased, or undefined when `value` is none. */
export function parseTicker(value: string): string | undefined {
  const ticker = value.trim();
  return TICKER.test(ticker) ? ticker.toUpperCase() : undefined;
}
