/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/build/', '<rootDir>/.stryker-tmp/'],
  // build/ holds compiled copies (npm start, npm run bench): keep them out of the module map.
  modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/.stryker-tmp/'],
  testTimeout: 20000,
  // A child-process test and a server test may run side by side on 2 cores.
  maxWorkers: 2
}
