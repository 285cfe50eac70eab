// Offline synth without the CDK CLI: `npm run infra:synth -- -c environment=prod`. Run from the
// repo root (npm scripts always are), which is what the relative output directory assumes.
import { App } from 'aws-cdk-lib';
import * as path from 'node:path';
import { buildOhlcCacheApp } from './build-app';
import { parseContextArgs } from './context-args';

const OUTDIR = path.resolve('apps/infra/cdk.out');

// Compared as a string: the SynthesisMessageLevel enum in aws-cdk-lib/cx-api is deprecated.
const isError = (level: string): boolean => level === 'error';

function synth(args: readonly string[]): boolean {
  const app = new App({ outdir: OUTDIR, context: parseContextArgs(args) });
  const { cache, service } = buildOhlcCacheApp(app);
  const assembly = app.synth();
  let ok = true;
  for (const stack of [cache, service]) {
    const artifact = assembly.getStackArtifact(stack.artifactId);
    // The CLI would print these; without it, construct warnings and errors would go unseen.
    for (const message of artifact.messages) {
      const data = message.entry.data;
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      console.error(`[${message.level}] ${message.id}: ${text}`);
    }
    console.log(path.relative(process.cwd(), artifact.templateFullPath));
    ok &&= !artifact.messages.some((message) => isError(message.level));
  }
  return ok;
}

try {
  process.exitCode = synth(process.argv.slice(2)) ? 0 : 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
