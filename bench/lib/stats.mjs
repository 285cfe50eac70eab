/** Small statistics for the report: medians and spread of a few rounds. */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};

/** `min–max` of the rounds, as the spread next to a median. */
export const spread = (xs, digits = 2) =>
  xs.length > 1
    ? `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`
    : '(one round)';
