/**
 * Runs the bundled action as the GitHub runner does: `node dist/index.js` with INPUT_* variables,
 * GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files and workflow commands on stdout. Shared by the
 * end-to-end tests, the demo and the benchmark.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface WorkflowCommand {
  command: string
  properties: Record<string, string>
  message: string
}

export interface ActionRun {
  exitCode: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  commands: WorkflowCommand[]
  wallMs: number
}

export interface RunOptions {
  inputs: Record<string, string>
  env?: Record<string, string>
  /** The bundle to run; defaults to dist/index.js of this repository. */
  entry?: string
  /** Extra arguments for node before the entry (e.g. --import for measurements). */
  nodeArgs?: string[]
  /** Kill the child after this long (it should never take it). */
  killAfterMs?: number
}

/** The repository root, found from this file whether it runs as TypeScript or compiled into build/. */
export const REPO_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)))

function findRoot(from: string): string {
  let dir = from
  while (!existsSync(join(dir, 'action.yml'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`no action.yml above ${from}`)
    dir = parent
  }
  return dir
}

/** The runner's convention: INPUT_ + upper-cased name, spaces to underscores, dashes kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'pat-keepalive-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: dir,
    ...options.env
  }
  for (const [name, value] of Object.entries(options.inputs)) env[inputEnvName(name)] = value
  try {
    const started = performance.now()
    const child = spawn(
      process.execPath,
      [...(options.nodeArgs ?? []), options.entry ?? join(REPO_ROOT, 'dist', 'index.js')],
      { env, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 60_000)
    const exitCode = await new Promise<number | null>(done => child.on('close', code => done(code)))
    clearTimeout(killer)
    const wallMs = performance.now() - started
    return {
      exitCode,
      stdout,
      stderr,
      outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
      summary: readFileSync(summaryFile, 'utf8'),
      commands: parseCommands(stdout),
      wallMs
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Parses the `name<<delimiter\nvalue\ndelimiter` records of a GITHUB_OUTPUT file. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '')
    if (!match) continue
    const [, name, delimiter] = match as unknown as [string, string, string]
    const value: string[] = []
    while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] ?? '')
    outputs[name] = value.join('\n')
  }
  return outputs
}

/** Parses `::command prop=value,prop=value::message` lines, undoing the toolkit's escaping. */
export function parseCommands(stdout: string): WorkflowCommand[] {
  const unescape = (text: string): string =>
    text
      .replace(/%0D/g, '\r')
      .replace(/%0A/g, '\n')
      .replace(/%3A/g, ':')
      .replace(/%2C/g, ',')
      .replace(/%25/g, '%')
  return stdout.split('\n').flatMap(line => {
    const match = /^::([a-z-]+)( [^:]*)?::(.*)$/.exec(line.replace(/\r$/, ''))
    if (!match) return []
    const properties: Record<string, string> = {}
    for (const pair of (match[2] ?? '').trim().split(',').filter(Boolean)) {
      const at = pair.indexOf('=')
      properties[pair.slice(0, at)] = unescape(pair.slice(at + 1))
    }
    return [{ command: match[1]!, properties, message: unescape(match[3] ?? '') }]
  })
}

/** Everything a run printed or wrote, except the ::add-mask:: lines through which the runner learns secrets. */
export function visibleText(run: ActionRun): string {
  const stdout = run.stdout
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  return [stdout, run.stderr, ...Object.values(run.outputs), run.summary].join('\n')
}

export interface RunnerCommand {
  /** v2: `::name props::message` at the start of a line; v1: `##[name props]message` anywhere. */
  format: 'v2' | 'v1'
  command: string
  properties: Record<string, string>
  message: string
}

/**
 * What the runner would take as workflow commands from stdout, read as the runner reads it: lines
 * end at CR, LF or CRLF; a v2 command is a line whose first non-blank characters are `::`, and
 * the legacy v1 parser finds `##[name]` anywhere in a line.
 */
export function runnerCommands(stdout: string): RunnerCommand[] {
  return stdout.split(/\r\n|\r|\n/).flatMap(line => {
    const found: RunnerCommand[] = []
    const trimmed = line.trimStart()
    const v2 = /^::([^\s:]+)( [^:]*)?::(.*)$/.exec(trimmed)
    if (trimmed.startsWith('::')) {
      const [, command = '', props = '', message = ''] = v2 ?? []
      found.push({
        format: 'v2',
        command,
        properties: parseProperties(props),
        message: unescapeData(message)
      })
    }
    for (const match of line.matchAll(/##\[([^\s\]]+)([^\]]*)\](.*)/g)) {
      found.push({ format: 'v1', command: match[1]!, properties: {}, message: match[3] ?? '' })
    }
    return found
  })
}

function parseProperties(text: string): Record<string, string> {
  const properties: Record<string, string> = {}
  for (const pair of text.trim().split(',').filter(Boolean)) {
    const at = pair.indexOf('=')
    properties[pair.slice(0, at)] = unescapeData(pair.slice(at + 1))
  }
  return properties
}

function unescapeData(text: string): string {
  return text
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%')
}

/** The annotation titles the action means to use. */
const OUR_TITLES = [
  /^Tableau PAT keepalive$/,
  /^Invalid input$/,
  /^Tableau PAT keepalive failed$/,
  /^Tableau PAT rejected$/,
  /^Tableau PAT check failed$/,
  /^GitHub issue not updated$/,
  /^Tableau PAT keepalive schedule$/,
  /^Workflow not re-enabled$/,
  /^Heartbeat not delivered$/,
  /^Tableau PAT (expires in \d+ days?|expires within a day|has expired)$/,
  /^\d+ Tableau PAT keepalive (notices|warnings|failures)$/
]

/**
 * The commands in stdout that the action did not mean: anything but add-mask (of one of
 * `secrets`), debug, and notice / warning / error with one of the action's titles. Empty is good.
 */
export function unintendedCommands(stdout: string, secrets: readonly string[]): RunnerCommand[] {
  return runnerCommands(stdout).filter(command => {
    if (command.format !== 'v2') return true
    switch (command.command) {
      case 'add-mask':
        return !secrets.includes(command.message)
      case 'debug':
        return false
      case 'notice':
      case 'warning':
      case 'error':
        return !OUR_TITLES.some(title => title.test(command.properties['title'] ?? ''))
      default:
        return true
    }
  })
}
