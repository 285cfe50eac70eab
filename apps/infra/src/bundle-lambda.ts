// `npm run build:lambda`: the API's Lambda code, from the build, into dist/lambda/ (the service
// stack's asset). Run from the repository root (npm scripts always are).
import * as path from 'node:path';
import { bundleLambda, LAMBDA_BUNDLE_DIR } from './lambda-bundle';

bundleLambda(process.cwd(), path.resolve(LAMBDA_BUNDLE_DIR)).then(
  () => console.log(LAMBDA_BUNDLE_DIR),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
