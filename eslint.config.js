// @ts-check
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', '.tmp/**', 'artifacts/**', 'coverage/**', 'tools/**', '.venv/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // shared/ is pure domain code used by the service and the mini-program alike.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**', '**/miniapp/**', 'node:*', '@tarojs/*', 'mongoose', 'koa'], message: 'shared/ must stay pure: no server, miniapp, Node or platform imports' }] },
      ],
      'no-restricted-globals': ['error', 'wx', 'window', 'document', 'process', 'Buffer', 'crypto', 'require'],
    },
  },
  {
    // miniapp/services/ is the mini-program's only network boundary: pages, components, state and
    // platform code ask a service, which sends the request and parses the answer with its schema.
    files: ['miniapp/**/*.ts', 'miniapp/**/*.tsx'],
    ignores: ['miniapp/services/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['request', 'uploadFile', 'downloadFile', 'connectSocket'].flatMap((property) =>
          ['Taro', 'wx'].map((object) => ({ object, property, message: 'Network calls belong in miniapp/services/** (the one network boundary).' })),
        ),
      ],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@tarojs/taro', importNames: ['request', 'uploadFile', 'downloadFile', 'connectSocket'], message: 'Network calls belong in miniapp/services/** (the one network boundary).' }] },
      ],
      'no-restricted-globals': [
        'error',
        ...['fetch', 'XMLHttpRequest', 'WebSocket'].map((name) => ({ name, message: 'Network calls belong in miniapp/services/** (the one network boundary).' })),
      ],
    },
  },
  {
    // Development stand-ins must never be reachable from production code paths.
    files: ['server/**/*.ts'],
    ignores: ['server/dev/**', 'server/bin/demo.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/dev/*', '**/dev/**'], message: 'server/dev (simulators, local database) is for development and tests only' }] }],
    },
  },
  {
    // Thin routes: a route authorizes, validates, calls one command or reader and presents the result;
    // what it reads or writes is named in the domain folder (server/<domain>/…), never queried here.
    files: ['server/routes/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='deps'][property.name='models']", message: 'Routes do not touch models: put the query in a reader or command in server/<domain>/' },
        { selector: "VariableDeclarator[init.name='deps'] > ObjectPattern > Property[key.name='models']", message: 'Routes do not touch models: put the query in a reader or command in server/<domain>/' },
        { selector: "ObjectPattern > Property[key.name='deps'] > ObjectPattern > Property[key.name='models']", message: 'Routes do not touch models: put the query in a reader or command in server/<domain>/' },
      ],
    },
  },
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts', 'server/bin/**/*.ts', 'server/dev/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Build-time platform switches: `require` inside a constant TARO_ENV branch lets webpack drop the
    // other platform's module entirely, which a static import would not.
    files: ['miniapp/app.tsx', 'miniapp/platform/index.ts', 'miniapp/platform/ble/index.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off', '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }] },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
