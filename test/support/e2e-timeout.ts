// Whole apps over HTTP take a few seconds on two cores, more on a busy machine;
// the limit catches hangs, not slowness (timings belong to npm run bench).
// Set here because jest 29 reads `testTimeout` only at the top level, not per project.
jest.setTimeout(30_000);
