// The chart (lightweight-charts, served from node_modules): candles and volume, times in New
// York wall-clock time.
import {
  CandlestickSeries,
  createChart,
  HistogramSeries,
} from '/dashboard/vendor/lightweight-charts.standalone.production.mjs';

export const chart = createChart(document.getElementById('chart'), {
  autoSize: true,
  layout: { background: { color: '#ffffff' }, textColor: '#334e68' },
  grid: { vertLines: { color: '#f0f4f8' }, horzLines: { color: '#f0f4f8' } },
  timeScale: { secondsVisible: false },
});
export const candleSeries = chart.addSeries(CandlestickSeries, {
  upColor: '#1f9d55',
  downColor: '#cc1f1a',
  borderVisible: false,
  wickUpColor: '#1f9d55',
  wickDownColor: '#cc1f1a',
});
candleSeries.priceScale().applyOptions({ scaleMargins: { top: 0.05, bottom: 0.25 } });
export const volumeSeries = chart.addSeries(HistogramSeries, {
  priceFormat: { type: 'volume' },
  priceScaleId: 'volume',
  lastValueVisible: false,
  priceLineVisible: false,
});
volumeSeries.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });

const NEW_YORK = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** The chart shows times as UTC; intraday candles are shifted to New York wall-clock time. */
export function chartTime(date, resolution) {
  if (resolution === 'D') return date;
  const parts = Object.fromEntries(
    NEW_YORK.formatToParts(new Date(date)).map((p) => [p.type, Number(p.value)]),
  );
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute) / 1000;
}

export function toBars(candles, resolution) {
  return candles.map((c) => ({
    time: chartTime(c.date, resolution),
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    volume: c.volume,
  }));
}

export function draw(bars) {
  candleSeries.setData(bars);
  volumeSeries.setData(bars.filter((b) => b.volume !== undefined).map(volumeBar));
}

function volumeBar(b) {
  return {
    time: b.time,
    value: b.volume,
    color: b.close >= b.open ? 'rgba(31, 157, 85, 0.45)' : 'rgba(204, 31, 26, 0.45)',
  };
}

/** Replaces the last bar, or adds one after it: the forming candle in place. */
export function update(bar) {
  candleSeries.update(bar);
  if (bar.volume !== undefined) volumeSeries.update(volumeBar(bar));
}
