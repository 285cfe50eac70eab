// `node --require test/support/swc-register.cjs apps/api/src/main.ts` runs the
// real entry point from source, compiled on load by SWC as jest compiles it,
// with the @app/* aliases of tsconfig.json: e2e suites start the app as a child
// process this way without building dist/ first.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');
const options = require('./swc-options.cjs');

const ROOT = path.resolve(__dirname, '../..');
const ALIAS = /^@app\/([a-z-]+)(?:\/(.*))?$/;

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = ALIAS.exec(request);
  const target = alias ? path.join(ROOT, 'libs', alias[1], 'src', alias[2] ?? '') : request;
  return resolveFilename.call(this, target, ...rest);
};

Module._extensions['.ts'] = function (module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { ...options, filename, sourceMaps: 'inline' });
  module._compile(code, filename);
};
