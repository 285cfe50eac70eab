// SWC instead of ts-jest, with the options the e2e child processes use too.
const swc = ['@swc/jest', require('./test/support/swc-options.cjs')];
const moduleNameMapper = {
  '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@app/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
// Node 22 can require() an ES module, jest cannot: the few ESM-only
// dependencies of the app (content-disposition 3, behind @fastify/static 10,
// which serves the Swagger UI; cockatiel 4; commander 15; @nestjs/config and
// @nestjs/terminus 12) are compiled to CommonJS like our sources.
const ESM_ONLY = [
  'content-disposition',
  'cockatiel',
  'commander',
  '@nestjs/config',
  '@nestjs/terminus',
];
const common = {
  transform: { '^.+\\.ts$': swc, [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper,
  // Build output: dist/packages/<lib>/package.json repeats libs/<lib>/package.json's name.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.ts'],
    },
  ],
};
