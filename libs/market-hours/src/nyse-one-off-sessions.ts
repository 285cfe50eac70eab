import type { IrregularSession } from './market-date';

/*
 * Sessions no rule produces: the exchange opened late or closed early for one
 * day. Sources, cross-checked entry by entry:
 *
 * - PMC: pandas_market_calendars' NYSE calendar (github.com/rsheftel/
 *   pandas_market_calendars, calendars/nyse.py and holidays/nyse.py), whose
 *   history list transcribes the NYSE's own record of its closings
 *   ("Stocks.NYSE-Closings.pdf", linked from that file).
 * - XC: exchange_calendars' XNYS calendar (github.com/gerrymanoim/
 *   exchange_calendars, exchange_calendar_xnys.py), which has no late opens
 *   and, from 1990 on, only the 13:00 one-offs below.
 *
 * Where they disagree, the entry says so and why it is what it is. Halts
 * inside a session (such as 14:36-15:06 on 1997-10-27) are not modelled by
 * either library nor here: the session runs from its open to its close.
 */
export const NYSE_ONE_OFF_SESSIONS: readonly IrregularSession[] = [
  // PMC's code opens at 09:31, but its own transcription of the NYSE record
  // says 11:00, as does the UPI report of the day (Los Angeles Times,
  // 1990-12-27: trading "did not begin until 11 a.m."); 09:31 looks like a
  // slip into the 1991 moment-of-silence list. XC: 09:30.
  { date: '1990-12-27', open: '11:00', close: '16:00', name: 'Con Edison transformer explosion' },
  // PMC; XC: 09:30.
  { date: '1991-01-17', open: '09:31', close: '16:00', name: 'Silence for troops in the Gulf' },
  { date: '1991-02-25', open: '09:31', close: '16:00', name: 'Silence for troops in the Gulf' },
  // PMC; XC: 16:00.
  { date: '1994-02-11', open: '09:30', close: '14:30', name: 'Snowstorm' },
  // PMC; XC: 09:30.
  { date: '1995-12-18', open: '10:30', close: '16:00', name: 'Computer system troubles' },
  // PMC; XC: 09:30-16:00. Press accounts agree with PMC: the blizzard
  // delayed the open and the exchange closed at 14:00.
  { date: '1996-01-08', open: '11:00', close: '14:00', name: 'Blizzard' },
  // PMC: the second circuit-breaker halt ended trading for the day. XC: 16:00.
  { date: '1997-10-27', open: '09:30', close: '15:30', name: 'Circuit breaker' },
  // Both.
  { date: '1997-12-26', open: '09:30', close: '13:00', name: 'Day after Christmas' },
  // XC closes at 13:00; PMC leaves the date out as disputed (not in the NYSE
  // record it transcribes). Kept at 13:00: the NYSE board approved the early
  // close in June 1999 (NYSE release, 1999-06-04), the CBOE's notice of
  // 1999-12-22 stops index options that day at 13:05 New York with the CME,
  // and later accounts of the day say the market closed at 1 p.m.
  { date: '1999-12-31', open: '09:30', close: '13:00', name: 'Year 2000 changeover' },
  // PMC; XC: 09:30.
  { date: '2001-09-17', open: '09:33', close: '16:00', name: 'Silence for September 11' },
  { date: '2001-10-08', open: '09:31', close: '16:00', name: 'Silence for Enduring Freedom' },
  { date: '2002-09-11', open: '12:00', close: '16:00', name: 'September 11 anniversary' },
  { date: '2003-03-20', open: '09:32', close: '16:00', name: 'Silence for Iraqi Freedom' },
  // Both.
  { date: '2003-12-26', open: '09:30', close: '13:00', name: 'Day after Christmas' },
  // PMC; XC: regular hours.
  { date: '2004-06-07', open: '09:32', close: '16:00', name: 'Silence for Ronald Reagan' },
  { date: '2005-06-01', open: '09:30', close: '15:56', name: 'Systems communication problem' },
  { date: '2006-12-27', open: '09:32', close: '16:00', name: 'Silence for Gerald Ford' },
];
