// Entry for the CDK CLI (see cdk.json): the CLI passes context and the output directory through
// environment variables, which `new App()` reads.
import { App } from 'aws-cdk-lib';
import { buildOhlcCacheApp } from './build-app';

const app = new App();
buildOhlcCacheApp(app);
app.synth();
