/**
 * Mutation testing of the pure modules against the unit tests (npm run mutation): a mutant that
 * no test kills is a behaviour no test pins. StrykerJS 9 (10 needs Node 22). Incremental: a
 * second run re-tests only what changed. One file: npm run mutation -- --mutate src/core/status.ts
 * A quicker look at one file: MUTATION_TESTS=expiry,pinned-behaviour runs only those unit test
 * files (a lower bound of the full score: fewer tests kill fewer mutants).
 */
import { availableParallelism } from 'node:os'

const only = process.env['MUTATION_TESTS']
const testMatch = only?.split(',').map(name => `<rootDir>/__tests__/unit/${name.trim()}.test.ts`)

export default {
  packageManager: 'npm',
  testRunner: 'jest',
  testRunnerNodeArgs: ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning'],
  // perTest attributes coverage wrongly under jest's ESM mode (tests that exercise a mutant are
  // not run for it), so every test file that imports the mutated module runs instead.
  coverageAnalysis: 'off',
  jest: {
    configFile: 'jest.mutation.config.js',
    enableFindRelatedTests: true,
    ...(testMatch ? { config: { testMatch } } : {})
  },
  mutate: [
    'src/core/expiry.ts',
    'src/core/status.ts',
    'src/text/safe-text.ts',
    'src/text/redact.ts',
    'src/schedule/gap.ts',
    'src/schedule/cron.ts',
    'src/token/watch.ts',
    'src/config/token-list.ts',
    'src/schedule/runs.ts',
    'src/schedule/zone.ts',
    'src/github/github-limits.ts',
    'src/text/numbers.ts'
  ],
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['html', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  tempDirName: '.stryker-tmp',
  thresholds: { high: 90, low: 80, break: null },
  // One test runner per core: a hosted runner has 4, this machine 2.
  concurrency: availableParallelism(),
  timeoutMS: 15000
}
