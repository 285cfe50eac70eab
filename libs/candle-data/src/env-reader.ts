import type { BudgetWindow } from '@app/market-data';

/** The process environment, or a test's stand-in for it. */
export type Env = Record<string, string | undefined>;

/*
 * Readers of one variable each: a bad value stops the start with a message
 * naming the variable, instead of surfacing later as odd behaviour.
 */

export function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/** Comma-separated values, blanks dropped. */
export function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function integer(env: Env, name: string, fallback: number, min = 0): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be a whole number >= ${min}, got "${raw}"`);
  return n;
}

/** One of `allowed`, compared lower-cased. */
export function oneOf<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = nonEmpty(env[name])?.toLowerCase();
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

export function flag(env: Env, name: string, fallback: boolean): boolean {
  return oneOf(env, name, ['true', 'false'] as const, fallback ? 'true' : 'false') === 'true';
}

const WINDOW_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `50/h,1000/d`: at most 50 requests per hour and 1000 per day. */
export function budget(env: Env, name: string): BudgetWindow[] | undefined {
  const windows = list(env[name]);
  if (windows.length === 0) return undefined;
  return windows.map((w) => {
    const match = /^(\d+)\/(s|m|h|d)$/.exec(w);
    if (!match || Number(match[1]) < 1) {
      throw new Error(`${name} must look like "50/h,1000/d" (count per s, m, h or d), got "${w}"`);
    }
    return { limit: Number(match[1]), windowMs: WINDOW_MS[match[2]] };
  });
}
