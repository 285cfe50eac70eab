// Dependency rules for the OHLC candle cache monorepo, enforced by
// `depcruise apps libs test bench --config .dependency-cruiser.cjs` in `npm run lint`.
//
// Layering (arrows point from importer to imported; nothing may point back):
//
//   apps/* ──► candle-data ──► ohlc-query ──► ohlc-cache ──► market-data ──► market-hours ──► ohlc-core
//   (a layer may skip downwards, e.g. ohlc-cache → ohlc-core; never upwards)
//
// Apps never import each other, and nothing reaches past a library's entry
// points: `@app/<lib>` (src/index.ts) and, for tests, `@app/<lib>/testing`.
//
// "Production file": under apps/ or libs/, not a spec (*.spec.ts) and not inside
// a testing/ folder. test/ (e2e) and bench/ are never production.

/** Production sources: apps/ and libs/, minus specs and testing helpers. */
const PROD_FROM = {
  path: '^(apps|libs)/',
  pathNot: ['\\.spec\\.ts$', '/testing/'],
};

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'libs-not-to-apps',
      severity: 'error',
      comment:
        'Libraries are reusable building blocks (test/library-reuse wires them into a different app); ' +
        'an import from libs/ into apps/ ties a library to one particular application and makes the ' +
        'arrow point the wrong way. Move the shared code into a library instead.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-app-to-app',
      severity: 'error',
      comment:
        'An app is a deployable edge (apps/api, apps/cli, apps/infra); what two of them need belongs in a ' +
        'library they both import (the query vocabulary is @app/ohlc-query, the composition of config, ' +
        'calendar, providers and cache is @app/candle-data). An import from one app into another makes ' +
        'one deployable ship and break with the other.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'only-through-entry-points',
      severity: 'error',
      comment:
        'A library is used through its entry points: @app/<lib> (src/index.ts) and, for specs and tests, ' +
        '@app/<lib>/testing (src/testing/index.ts). A deep import (@app/ohlc-cache/l2/dynamodb-client) ties ' +
        'the importer to a file the library may move, and will not resolve once the library is a package. ' +
        'Export what is needed from the index instead.',
      from: { path: '^(apps|test|bench)/' },
      to: {
        path: '^libs/[^/]+/src/',
        pathNot: ['^libs/[^/]+/src/index\\.ts$', '^libs/[^/]+/src/testing/index\\.ts$'],
      },
    },
    {
      name: 'only-through-entry-points-between-libs',
      severity: 'error',
      comment:
        'One library uses another through its entry points only (see only-through-entry-points).',
      from: { path: '^libs/([^/]+)/' },
      to: {
        path: '^libs/[^/]+/src/',
        pathNot: [
          '^libs/$1/',
          '^libs/[^/]+/src/index\\.ts$',
          '^libs/[^/]+/src/testing/index\\.ts$',
        ],
      },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment:
        'libs/ohlc-core is the bottom layer (candles, intervals, resolutions, errors) that every other ' +
        'library and app builds on. It may use npm packages and node built-ins, but never another of our ' +
        'folders (apps/, other libs/, test/, bench/) - otherwise the core is no longer the core and cycles follow.',
      from: { path: '^libs/ohlc-core/' },
      to: {
        path: '^(apps|libs|test|bench)/',
        pathNot: '^libs/ohlc-core/',
      },
    },
    {
      name: 'no-testing-in-production',
      severity: 'error',
      comment:
        'Production code (apps/ and libs/, except specs and testing/ helpers themselves) must not import a ' +
        'testing/ folder: fakes, fixed clocks and local DynamoDB helpers would be shipped in the build and ' +
        'could end up wired into the running service. Only *.spec.ts files, other testing/ helpers, test/ ' +
        'and bench/ may use them.',
      from: PROD_FROM,
      // Our own testing/ folders and the e2e helpers; @nestjs/testing & co. are caught by not-to-dev-dep.
      to: { path: ['^(apps|libs)/.*/testing/', '^test/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Circular dependencies (type-only imports included) make module load order fragile (undefined ' +
        'imports at runtime, Nest providers resolving to undefined) and mean the modules cannot be ' +
        'understood, tested or moved separately. Break the cycle by moving the shared part down a layer.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'market-hours-not-to-higher-libs',
      severity: 'error',
      comment:
        'Library arrows point one way: ohlc-core <- market-hours <- market-data <- ohlc-cache. ' +
        'market-hours (the NYSE calendar and clock) sits just above ohlc-core and must not import ' +
        'market-data or ohlc-cache, which are built on top of it.',
      from: { path: '^libs/market-hours/' },
      to: { path: '^libs/(market-data|ohlc-cache)/' },
    },
    {
      name: 'market-data-not-to-ohlc-cache',
      severity: 'error',
      comment:
        'Library arrows point one way: ohlc-core <- market-hours <- market-data <- ohlc-cache. ' +
        'market-data (upstream providers) must stay usable without the cache; ohlc-cache consumes ' +
        'market-data, never the other way round.',
      from: { path: '^libs/market-data/' },
      to: { path: '^libs/ohlc-cache/' },
    },
    {
      name: 'lower-libs-not-to-composition',
      severity: 'error',
      comment:
        'candle-data composes the libraries, ohlc-query speaks their vocabulary and shared-state keeps ' +
        'what a fleet shares on Redis; the libraries below (ohlc-core, market-hours, market-data, ' +
        'ohlc-cache) must stay usable without any of them.',
      from: { path: '^libs/(ohlc-core|market-hours|market-data|ohlc-cache)/' },
      to: { path: '^libs/(candle-data|ohlc-query|shared-state)/' },
    },
    {
      name: 'query-not-to-composition',
      severity: 'error',
      comment:
        'ohlc-query is vocabulary: it must not pull in the composition (config, providers, cache module).',
      from: { path: '^libs/ohlc-query/' },
      to: { path: '^libs/candle-data/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'This import cannot be resolved to a file or an installed package - usually a typo in a relative ' +
        'path or an @app/<lib> alias (tsconfig.json "paths"), or a package missing from package.json. ' +
        'The benchmark imports the build output (dist/), which exists only after a build.',
      from: {},
      to: { couldNotResolve: true, pathNot: '(^|/)dist/' },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'Production code under libs/, apps/api/ and apps/cli/ must not import devDependencies: they are not installed ' +
        'with `npm ci --omit=dev`, so the service would crash at runtime. Move the package to dependencies, ' +
        'or move the importing code into a spec or testing/ helper. (apps/infra is a CDK app whose ' +
        'aws-cdk-lib/constructs are devDependencies by design, so it is exempt.)',
      from: {
        path: '^(libs|apps/(api|cli))/',
        pathNot: PROD_FROM.pathNot,
      },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'libs-declare-their-packages',
      severity: 'error',
      comment:
        'Every library is also an npm package (libs/<lib>/package.json, built by npm run build:packages), ' +
        'and its imports of npm packages are checked against that manifest, the one closest to them: ' +
        'production code of a library imports only packages its package.json declares (dependencies, or ' +
        'peerDependencies for Nest and the other one-per-app packages), or the installed package would not ' +
        'find them. A devDependency does not belong there either (see not-to-dev-dep).',
      from: { path: '^libs/', pathNot: PROD_FROM.pathNot },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: ['(^|/)node_modules/'] },
    // The dashboard's browser module imports by URL (/dashboard/vendor/...), which only the page resolves.
    exclude: {
      path: ['^dist/', '^data/', '^apps/infra/cdk\\.out/', '^apps/api/src/dashboard/public/'],
    },
    // Type-only imports (`import type`, `import { type X }`) count as dependencies.
    tsPreCompilationDeps: true,
    // Resolves the @app/<lib> and @app/<lib>/* aliases from tsconfig.json "paths".
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      archi: { collapsePattern: '^(libs|apps)/[^/]+' },
    },
  },
};
