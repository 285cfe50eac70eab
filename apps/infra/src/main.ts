// Entry for the CDK CLI (see cdk.json): the CLI passes context and the output directory through
// environment variables, which `new App()` reads. It runs in apps/infra/, two levels below the
// repository root (where dist/lambda and .nvmrc are).
import { App } from 'aws-cdk-lib';
import * as path from 'node:path';
import { buildOhlcCacheApp } from './build-app';

const app = new App();
buildOhlcCacheApp(app, process.env, path.resolve('../..'));
app.synth();
