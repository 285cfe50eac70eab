import type { IncomingMessage } from 'node:http';
import { requestIdOf } from './request-id';

const withHeader = (value?: string | string[]) =>
  ({ headers: value === undefined ? {} : { 'x-request-id': value } }) as IncomingMessage;

describe(requestIdOf.name, () => {
  it.each(['abc', 'dash-42.a_b', 'A'.repeat(64), '0f6e1c2a-7d1e-4b8e-9f00-1a2b3c4d5e6f'])(
    'keeps the caller id %s',
    (id) => {
      expect(requestIdOf(withHeader(id))).toBe(id);
    },
  );

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too long', 'A'.repeat(65)],
    ['with a space', 'a b'],
    ['with CR/LF', 'a\r\nb'],
    ['with JSON', '{"level":50}'],
    ['given twice', ['a', 'b']],
  ])('replaces an id that is %s with a fresh UUID', (_, value) => {
    const sut = requestIdOf(withHeader(value));
    expect(sut).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
