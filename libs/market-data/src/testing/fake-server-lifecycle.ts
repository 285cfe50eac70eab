import type { FakeUpstreamServer } from './fake-upstream-server';

/**
 * Starts `fakes` before the suite and closes them after it; every test begins
 * with no request recorded and nothing scripted. Call inside a `describe`.
 */
export function serveFakes(...fakes: readonly FakeUpstreamServer[]): void {
  beforeAll(() => Promise.all(fakes.map((fake) => fake.start())));
  afterAll(() => Promise.all(fakes.map((fake) => fake.close())));
  beforeEach(() => {
    for (const fake of fakes) fake.reset();
  });
}
