// Preloaded into the API process by the benchmark (node --expose-gc --require):
// answers IPC questions the HTTP API does not, without changing the app.
//   memory   -> process.memoryUsage() after two full collections
//   counters -> OhlcCacheCounters' upstream calls and rows per provider, and
//               the demo provider's calls per ticker (series side by side in one API)
// Only the benchmark starts the API this way.
const { join } = require('node:path');

let counters;
try {
  const { OhlcCacheCounters } = require(
    join(process.cwd(), 'dist/libs/ohlc-cache/src/ohlc-cache.counters.js'),
  );
  // The one instance Nest builds is caught on its first use.
  const provider = OhlcCacheCounters.prototype.provider;
  OhlcCacheCounters.prototype.provider = function (name) {
    const counts = provider.call(this, name);
    counters ??= { of: this };
    return counts;
  };
} catch (error) {
  process.stderr.write(`probe: counters unavailable: ${error.message}\n`);
}

const byTicker = {};
try {
  const { DemoProvider } = require(
    join(process.cwd(), 'dist/libs/market-data/src/demo/demo.provider.js'),
  );
  const fetchCandles = DemoProvider.prototype.fetchCandles;
  // Counted as OhlcCacheCounters counts calls: once answered.
  DemoProvider.prototype.fetchCandles = async function (ticker, ...rest) {
    const candles = await fetchCandles.call(this, ticker, ...rest);
    byTicker[ticker] = (byTicker[ticker] ?? 0) + 1;
    return candles;
  };
} catch (error) {
  process.stderr.write(`probe: calls per ticker unavailable: ${error.message}\n`);
}

function snapshot() {
  const out = {
    calls: 0,
    rows: 0,
    refetchedRows: 0,
    joins: counters?.of.singleFlightJoins ?? 0,
    byTicker: { ...byTicker },
  };
  for (const counts of counters?.of.providers().values() ?? []) {
    out.calls += counts.calls;
    out.rows += counts.rows;
    out.refetchedRows += counts.refetchedRows;
  }
  return out;
}

process.on('message', (message) => {
  if (message === 'memory') {
    global.gc?.();
    global.gc?.();
    process.send({ memory: process.memoryUsage() });
  } else if (message === 'counters') {
    process.send({ counters: snapshot() });
  }
});
// The IPC channel must not keep the API alive once it is asked to stop.
process.channel?.unref();
