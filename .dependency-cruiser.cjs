/**
 * The dependency rule of docs/architecture.md, checked by dependency-cruiser
 * (`npm run depcheck`); test/architecture/dependency-rule.test.ts checks the same in the
 * test suite.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain imports nothing but itself, fp-ts and io-ts',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', 'node_modules/(fp-ts|io-ts)/'] },
    },
    {
      name: 'ports-only-domain',
      comment: 'src/ports declares interfaces over domain types',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { pathNot: ['^src/(domain|ports)/', 'node_modules/fp-ts/'] },
    },
    {
      name: 'application-only-domain-and-ports',
      severity: 'error',
      from: { path: '^src/application/' },
      to: { pathNot: ['^src/(domain|ports|application)/', 'node_modules/(fp-ts|io-ts)/'] },
    },
    {
      name: 'adapters-not-inward-beyond-ports',
      comment:
        'adapters implement ports; they never reach into use-cases or composition. A driving adapter (the HTTP ' +
        "host) may depend on the application's input port, derived from the one list of operations (ADR 0014)",
      severity: 'error',
      from: { path: '^adapters/' },
      to: {
        path: ['^src/(application|composition|evaluation|cli)/', '^src/index\\.ts$', 'node_modules/inversify/'],
        pathNot: '^src/application/assistant-port\\.ts$',
      },
    },
    {
      name: 'input-port-only-for-the-host',
      comment: 'only the driving adapter (adapters/http) depends on the input port, and only for its types',
      severity: 'error',
      from: { path: '^adapters/', pathNot: '^adapters/http/' },
      to: { path: '^src/application/assistant-port\\.ts$' },
    },
    {
      name: 'text-analysis-beside-its-users',
      comment:
        'adapters/text (tokenising, stop words, stemmers) is search infrastructure: only the offline embedder, ' +
        'the sql.js text index, the evaluation baseline and the composition root (which binds it to the ' +
        'TextAnalyzer port) use it',
      severity: 'error',
      from: {
        pathNot: ['^adapters/(text|embedding|sqljs)/', '^src/(evaluation|composition)/', '^(test|scripts|bench)/'],
      },
      to: { path: '^adapters/text/' },
    },
    {
      name: 'only-composition-imports-inversify',
      severity: 'error',
      from: { path: '^(src|adapters)/', pathNot: '^src/composition/' },
      to: { path: 'node_modules/inversify/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
