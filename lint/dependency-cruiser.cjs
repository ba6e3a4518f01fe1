// Import boundaries between the rooms (STYLE.md "Who may import whom"), checked by `npm run lint:deps`.
// Paths are relative to the repository root; npm packages resolve under node_modules/.
'use strict';

const NPM = '^node_modules/';
/** Vite asset imports of a package (`pkg/file.wasm?url`): Vite resolves them, dependency-cruiser cannot. */
const NPM_ASSET = '^@?[a-z0-9][^?]*\\?url$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'client-only-client-domain-schema',
      comment: 'The browser bundle may import client/, domain/, schema/ and npm packages; of the server only the tRPC router type.',
      severity: 'error',
      from: { path: '^client/' },
      to: { pathNot: ['^(client|domain|schema)/', NPM, NPM_ASSET, '^server/trpc/appRouter\\.ts$'] },
    },
    {
      name: 'client-server-types-only',
      comment: "Server code reaches the client only as types: `import type { AppRouter }`, which the build erases.",
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^server/', dependencyTypesNot: ['exotic-require'] },
    },
    {
      name: 'domain-only-domain-schema',
      comment: 'domain/ is pure logic shared by server and browser: it imports domain/, schema/ and npm packages that run in both.',
      severity: 'error',
      from: { path: '^domain/' },
      to: { pathNot: ['^(domain|schema)/', NPM] },
    },
    {
      name: 'schema-only-schema',
      comment: 'schema/ is the contract every room imports; it depends on nothing of theirs.',
      severity: 'error',
      from: { path: '^schema/' },
      to: { pathNot: ['^schema/', NPM] },
    },
    {
      name: 'pipelines-not-server-client',
      comment: 'Pipelines are wrapped by the server and never reach into it or into the client.',
      severity: 'error',
      from: { path: '^pipelines/' },
      to: { path: '^(server|client)/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only ones included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: NPM },
    exclude: { path: '^(dist|storybook-static)/' },
    moduleSystems: ['es6', 'cjs'],
    // dependency-cruiser cannot parse with TypeScript 7; Babel reduces each file to its imports (see dependencyStatements.cjs).
    babelConfig: { fileName: 'lint/depcruiseBabel.cjs' },
    exoticRequireStrings: ['typeOnlyImport'],
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
      conditionNames: ['import', 'require', 'browser', 'node', 'default'],
      exportsFields: ['exports'],
      mainFields: ['module', 'main', 'types'],
    },
    cache: false,
  },
};
