/**
 * Parses the `-c key=value` / `--context key=value` flags the CDK CLI accepts, so the offline synth
 * takes the same arguments as `cdk synth`. Anything else is rejected rather than ignored, because
 * a mistyped flag would otherwise synthesize the default (dev) environment.
 */
export function parseContextArgs(args: readonly string[]): Record<string, string> {
  const context: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag !== '-c' && flag !== '--context') {
      throw new Error(`Unknown argument '${flag}'; expected -c key=value`);
    }
    const pair = args[++i] ?? '';
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new Error(`Expected key=value after ${flag}, got '${pair}'`);
    }
    context[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return context;
}
