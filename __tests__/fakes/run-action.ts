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
  /** Every write the action made to stdout and stderr, whole: one workflow command is one write. */
  writes: string[]
  /** The text of the file named by the results-file output, read before RUNNER_TEMP is removed. */
  resultsFileText?: string
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
  /** Record each write to stdout and stderr (default on; the benchmark turns it off). */
  recordWrites?: boolean
}

/**
 * Loaded before the action: records every write to stdout and stderr as one JSON line (as UTF-8
 * bytes decoded, as the pipe carries it: a lone surrogate becomes U+FFFD), so that
 * a test can tell a command the action wrote (a whole write of its own) from one that a message
 * smuggled in (a line inside a longer write).
 */
const RECORD_WRITES = `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs'
const file = process.env.TEST_WRITES_FILE
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream)
  stream.write = (chunk, ...rest) => {
    appendFileSync(file, JSON.stringify(Buffer.from(chunk).toString('utf8')) + '\\n')
    return write(chunk, ...rest)
  }
}`)}`

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

/**
 * What the runner gives a step: PATH and HOME, the GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files,
 * RUNNER_TEMP, then the test's own variables and the inputs as INPUT_* variables.
 */
export function runnerProcessEnv(
  files: { dir: string; outputFile: string; summaryFile: string },
  extra: Record<string, string> = {},
  inputs: Record<string, string> = {}
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? files.dir,
    GITHUB_OUTPUT: files.outputFile,
    GITHUB_STEP_SUMMARY: files.summaryFile,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: files.dir,
    ...extra
  }
  for (const [name, value] of Object.entries(inputs)) env[inputEnvName(name)] = value
  return env
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'pat-keepalive-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  const writesFile = join(dir, 'writes')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  writeFileSync(writesFile, '')
  const record = options.recordWrites ?? true
  const env = runnerProcessEnv(
    { dir, outputFile, summaryFile },
    { ...(record ? { TEST_WRITES_FILE: writesFile } : {}), ...options.env },
    options.inputs
  )
  try {
    const started = performance.now()
    const child = spawn(
      process.execPath,
      [
        ...(record ? ['--import', RECORD_WRITES] : []),
        ...(options.nodeArgs ?? []),
        options.entry ?? join(REPO_ROOT, 'dist', 'index.js')
      ],
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
    const writes = readFileSync(writesFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line) as string)
    return collectRun({ exitCode, stdout, stderr, wallMs, writes }, { outputFile, summaryFile })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * A finished run as the tests see it: what it printed, and what it left in its GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files and in the results-file (read before RUNNER_TEMP is removed).
 */
export function collectRun(
  run: Pick<ActionRun, 'exitCode' | 'stdout' | 'stderr' | 'wallMs' | 'writes'>,
  files: { outputFile: string; summaryFile: string }
): ActionRun {
  const outputs = parseOutputFile(readFileSync(files.outputFile, 'utf8'))
  const resultsFile = outputs['results-file']
  return {
    ...run,
    outputs,
    summary: readFileSync(files.summaryFile, 'utf8'),
    commands: parseCommands(run.stdout),
    ...(resultsFile && existsSync(resultsFile)
      ? { resultsFileText: readFileSync(resultsFile, 'utf8') }
      : {})
  }
}

/**
 * Parses a GITHUB_OUTPUT file as the runner does (FileCommandManager), and fails where it fails:
 * every line is `name=value` or `name<<delimiter` ... `delimiter`; an empty name, a line of
 * neither form, or a delimiter that never comes back is an error that fails the step.
 */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  if (lines.at(-1) === '') lines.pop()
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line === '') continue
    const heredoc = /^([^=]*?)<<(.*)$/.exec(line)
    const equals = line.indexOf('=')
    if (heredoc && (equals < 0 || equals > line.indexOf('<<'))) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string]
      if (!name || !delimiter) throw new Error(`GITHUB_OUTPUT: invalid line "${line.slice(0, 80)}"`)
      const value: string[] = []
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]!)
      if (i >= lines.length)
        throw new Error(`GITHUB_OUTPUT: matching delimiter not found for "${name}"`)
      outputs[name] = value.join('\n')
    } else if (equals > 0) {
      outputs[line.slice(0, equals)] = line.slice(equals + 1)
    } else throw new Error(`GITHUB_OUTPUT: invalid line "${line.slice(0, 80)}"`)
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
    const trimmed = dotnetTrimStart(line)
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

const DOTNET_LEADING_WHITESPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/

/**
 * .NET's String.TrimStart(), which the runner uses: Char.IsWhiteSpace, which unlike JavaScript's
 * trimStart() takes U+0085 (NEL) and leaves U+FEFF.
 */
export function dotnetTrimStart(text: string): string {
  return text.replace(DOTNET_LEADING_WHITESPACE, '')
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

/**
 * The commands in stdout and stderr that the action did not mean, by exact text: the runner reads
 * commands from both streams, and a command the action means is a whole write of its own (the
 * toolkit writes each command as one line), an add-mask of one of `secrets`, a debug line, or an
 * annotation. A command line inside a longer write came from a message: that is an injection,
 * whatever its title. Empty is good.
 */
export function unintendedCommands(
  run: { stdout: string; stderr: string; writes?: readonly string[] },
  secrets: readonly string[]
): RunnerCommand[] {
  const whole = new Set((run.writes ?? []).map(write => write.replace(/\r?\n$/, '')))
  const lines = [run.stdout, run.stderr].flatMap(text => text.split(/\r\n|\r|\n/))
  return lines.flatMap(line =>
    runnerCommands(line).filter(command => {
      if (run.writes && !whole.has(line)) return true // part of a longer write
      if (command.format !== 'v2') return true
      switch (command.command) {
        case 'add-mask':
          return !secrets.includes(command.message)
        case 'debug':
        case 'notice':
        case 'warning':
        case 'error':
          return false
        default:
          return true
      }
    })
  )
}
