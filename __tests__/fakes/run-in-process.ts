/**
 * Runs the action's own `run()` in this process with the runner's environment: the same INPUT_*
 * variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files and workflow commands on stdout as
 * runAction, and the same ActionRun back, in milliseconds instead of a Node start (0.2 s of CPU
 * here, 0.5 s with open-issue). Behaviour tests that need many runs use it; what only a real process shows (the
 * bundle's chunks, exit codes, runs at once, a hang) stays with runAction through dist/index.js.
 *
 * One run at a time: process.env, stdout and the exit code are the process's own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  collectRun,
  runAction,
  runnerProcessEnv,
  type ActionRun,
  type RunOptions
} from './run-action.js'
import type { CliRun } from './run-cli.js'

// @actions/core keeps the first GITHUB_STEP_SUMMARY it sees, so every run in this process writes
// to one file, emptied before each run.
const SUMMARY_DIR = mkdtempSync(join(tmpdir(), 'pat-keepalive-summary-'))
const SUMMARY_FILE = join(SUMMARY_DIR, 'summary')
afterAll(() => rmSync(SUMMARY_DIR, { recursive: true, force: true }))
let running = false

/** killAfterMs is left to the test's own timeout; node arguments and another entry need a process. */
export async function runInProcess(options: RunOptions): Promise<ActionRun> {
  if (running) throw new Error('runInProcess: one run at a time (use runAction for runs at once)')
  if (options.nodeArgs?.length || options.entry)
    throw new Error('runInProcess: node arguments (such as BLOCK_DNS) and entries need runAction')
  if (options.env?.['GITHUB_STEP_SUMMARY'] !== undefined)
    throw new Error('runInProcess: a run with its own GITHUB_STEP_SUMMARY needs runAction')
  running = true
  const dir = mkdtempSync(join(tmpdir(), 'pat-keepalive-'))
  const outputFile = join(dir, 'output')
  const saved = { env: process.env, exitCode: process.exitCode }
  const streams = [process.stdout, process.stderr] as const
  const originalWrites = streams.map(stream => stream.write)
  const texts = ['', '']
  const writes: string[] = []
  try {
    const { run } = await import('../../src/action/run.js')
    writeFileSync(outputFile, '')
    writeFileSync(SUMMARY_FILE, '')
    process.env = runnerProcessEnv(
      { dir, outputFile, summaryFile: SUMMARY_FILE },
      options.env,
      options.inputs
    )
    process.exitCode = undefined
    streams.forEach((stream, i) => {
      // As the pipe carries it: UTF-8 bytes decoded, so a lone surrogate becomes U+FFFD.
      stream.write = ((chunk: string | Uint8Array): boolean => {
        const text = Buffer.from(chunk).toString('utf8')
        writes.push(text)
        texts[i] += text
        return true
      }) as typeof stream.write
    })
    const started = performance.now()
    await run()
    const wallMs = performance.now() - started
    const exitCode = typeof process.exitCode === 'number' ? process.exitCode : 0
    return collectRun(
      { exitCode, stdout: texts[0]!, stderr: texts[1]!, wallMs, writes },
      { outputFile, summaryFile: SUMMARY_FILE }
    )
  } finally {
    streams.forEach((stream, i) => (stream.write = originalWrites[i]!))
    process.env = saved.env
    process.exitCode = saved.exitCode
    running = false
    rmSync(dir, { recursive: true, force: true })
  }
}

export type Launch = (options: RunOptions) => Promise<ActionRun>
let current: Launch = runInProcess

/** How a test file's helpers run the action: in this process, except inside throughTheBundle(). */
export const launch: Launch = options => current(options)

/** In the calling describe block, runs go through dist/index.js in a child process, as the runner runs them. */
export function throughTheBundle(): void {
  beforeAll(() => {
    current = runAction
  })
  afterAll(() => {
    current = runInProcess
  })
}

/** it(), with the test's runs going through dist/index.js in a child process. */
export function itThroughTheBundle(
  name: string,
  test: () => Promise<void>,
  timeout?: number
): void {
  it(
    name,
    async () => {
      current = runAction
      try {
        await test()
      } finally {
        current = runInProcess
      }
    },
    timeout
  )
}

/** The CLI's own cli() in this process, with spawnCli's answer: its io is injected, so runs may overlap. */
export async function cliInProcess(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string } = {}
): Promise<CliRun> {
  const { cli } = await import('../../src/cli/cli.js')
  let stdout = ''
  let stderr = ''
  const code = await cli({
    argv: args,
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => options.stdin ?? ''
  })
  return { code, stdout, stderr }
}
