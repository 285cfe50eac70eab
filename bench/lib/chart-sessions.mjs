// The scripted chart sessions of test/chart-session.e2e-spec.ts, with the
// relative steps pinned to the end date that suite's clock gives them
// (Saturday 2025-12-13), so every candle asked for is final.
const END = '2025-12-13';
const intraday = (start, end, resolution = '5') => ({
  resolution,
  start_date: start,
  end_date: end,
});
const daily = (start, end) => ({ start_date: start, end_date: end });

export const chartSessions = {
  intraday: [
    intraday('2025-12-10', '2025-12-10'),
    { range: '1M', resolution: '5', end_date: END },
    intraday('2025-11-06', '2025-12-06'),
    intraday('2025-10-30', '2025-11-29'),
    intraday('2025-10-23', '2025-11-22'),
    intraday('2025-10-16', '2025-11-15'),
    intraday('2025-10-09', '2025-11-08'),
    intraday('2025-10-20', '2025-10-20'),
    intraday('2025-10-09', '2025-11-08', '15'),
    intraday('2025-10-09', '2025-11-08'),
    intraday('2025-08-25', '2025-09-05'),
  ],
  daily: [
    daily('2025-03-01', '2025-06-30'),
    daily('2025-01-01', '2025-12-12'),
    daily('2024-07-08', '2024-07-10'),
    daily('2024-06-01', '2024-12-31'),
    daily('2024-01-01', '2024-06-30'),
    { range: '1Y', end_date: END },
    daily('2024-11-25', '2025-01-10'),
    daily('2023-12-20', '2024-01-05'),
  ],
};
