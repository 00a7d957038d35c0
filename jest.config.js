/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    // Transpile only (tsc --noEmit in npm run lint checks the types): swc is native, so a cold
    // cache on a fresh clone costs seconds, not the TypeScript compiler loaded in every worker.
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' }
      }
    ]
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/build/', '<rootDir>/.stryker-tmp/'],
  // build/ holds compiled copies (npm start, npm run bench): keep them out of the module map.
  modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/.stryker-tmp/'],
  testTimeout: 20000,
  // A child-process test and a server test may run side by side on 2 cores.
  maxWorkers: 3
}
