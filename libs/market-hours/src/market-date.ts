/** A date the exchange is closed, or trades other hours than usual, and why. */
export interface MarketDate {
  readonly date: string;
  readonly name: string;
}

/** A session's New York wall-clock hours, `HH:MM` on the 24-hour clock. */
export interface SessionHours {
  readonly open: string;
  readonly close: string;
}

/** The NYSE's core trading session. */
export const NYSE_REGULAR_HOURS: SessionHours = { open: '09:30', close: '16:00' };

/** A trading date whose session does not run 09:30–16:00: its hours, and why. */
export interface IrregularSession extends MarketDate, SessionHours {}
