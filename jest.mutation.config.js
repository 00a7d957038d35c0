/** Jest for mutation testing: the unit tests only, the schedule reference at a smaller size. */
import base from './jest.config.js'

/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'],
  setupFiles: ['<rootDir>/__tests__/mutation-setup.js']
}
