import { parseContextArgs } from './context-args';

describe(parseContextArgs.name, () => {
  const sut = parseContextArgs;

  it('reads -c and --context pairs like the CDK CLI', () => {
    expect(
      sut(['-c', 'environment=prod', '--context', 'apiRoleArn=arn:aws:iam::1:role/x']),
    ).toEqual({ environment: 'prod', apiRoleArn: 'arn:aws:iam::1:role/x' });
  });

  it('keeps everything after the first = as the value', () => {
    expect(sut(['-c', 'k=a=b'])).toEqual({ k: 'a=b' });
  });

  it('accepts no arguments', () => {
    expect(sut([])).toEqual({});
  });

  it.each([
    [['--environment=prod']],
    [['prod']],
    [['-c']],
    [['-c', 'environment']],
    [['-c', '=x']],
  ])('rejects %j', (args) => {
    expect(() => sut(args)).toThrow();
  });
});
