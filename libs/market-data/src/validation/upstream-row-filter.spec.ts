import type { Candle } from '@app/ohlc-core';
import { RecordingLogger } from '../testing/recording-logger';
import { anyCandleStart } from '../testing/weekday-session';
import { UpstreamRowFilter } from './upstream-row-filter';

const START = Date.UTC(2025, 5, 3, 14, 0);
const row = (n: number, change: Partial<Candle> = {}): Candle => ({
  start: START + n * 60_000,
  open: 10,
  high: 11,
  low: 9,
  close: 10,
  ...change,
});

describe(UpstreamRowFilter.name, () => {
  let logger: RecordingLogger;
  let sut: UpstreamRowFilter;

  beforeEach(() => {
    logger = new RecordingLogger();
    sut = new UpstreamRowFilter('tiingo', anyCandleStart, logger);
  });

  it('logs one line per batch naming every reason with its count', () => {
    sut.accept('AAPL', '1', [
      row(0, { low: 12 }),
      row(1),
      row(2, { low: 12 }),
      row(3, { open: 0 }),
    ]);

    expect(logger.warnings).toEqual([
      'Dropped 3 of 4 upstream rows from tiingo for AAPL (1): 2 × low is above open or close; 1 × a price is not positive',
    ]);
  });

  it('stays silent when every row is sound', () => {
    expect(sut.accept('AAPL', '1', [row(0), row(1)])).toEqual([row(0), row(1)]);
    expect(logger.warnings).toEqual([]);
  });

  it('adds up accepted and dropped rows across batches', () => {
    sut.accept('AAPL', '1', [row(0), row(1, { volume: -1 })]);
    sut.accept('MSFT', '1', [row(0), row(1), row(2, { volume: -1 }), row(3, { high: 1 })]);

    expect(sut.snapshot()).toEqual({
      acceptedRows: 3,
      droppedRows: { 'volume is negative or not a number': 2, 'high is below open or close': 1 },
    });
  });
});
