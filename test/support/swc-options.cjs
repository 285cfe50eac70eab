// How our TypeScript is compiled outside tsc: by jest (jest.config.js) and by
// the child processes e2e suites start (swc-register.cjs). Types are checked by
// `npm run lint` (tsc --noEmit) instead; ts-jest does not support TypeScript 6.
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};
