/**
 * The same pipeline for a terminal: cron, CI systems other than GitHub, a quick check by hand.
 * Exit codes follow the monitoring plugin convention (Nagios, Icinga, Zabbix): 0 ok, 1 warning,
 * 2 critical or invalid, 3 error or unknown.
 */
import { readFileSync } from 'node:fs'
import packageJson from '../../package.json' with { type: 'json' }
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { InputError, readSettings } from '../config/inputs.js'
import { keepAliveAll } from '../token/keepalive-all.js'
import { STATUS_COLUMN, resultTable } from '../report/columns.js'
import { resultJson } from '../report/outputs.js'
import { safeLine } from '../text/safe-text.js'
import { tokenCapWarnings } from '../token/caps.js'
import { worstStatus, type Status } from '../core/status.js'
import type { TokenResult } from '../core/types.js'
import { messageOf } from '../core/error-text.js'

export const EXIT_CODES: Record<Status, number> = {
  ok: 0,
  warning: 1,
  critical: 2,
  invalid: 2,
  error: 3
}
const EXIT_UNKNOWN = 3
const SECRET_ENV = 'TABLEAU_TOKEN_SECRET'

const HELP = `Usage: node dist/cli/index.js [options] [<server-url> <site> <token-name>]
       (in a clone of the repository; the bundle needs no npm ci)

Signs in to Tableau with a Personal Access Token (which restarts its idle clock), reads how
long the token has left, signs out, and reports.

The secret is never an argument (it would show in ps and in shell history):
  ${SECRET_ENV}=...        environment variable with the token's secret, or
  --token-secret-stdin            read the secret from standard input

Options (the same as the GitHub Action's inputs):
  --server-url <url>              Tableau Server (https://tableau.example.com) or Cloud pod (https://10ay.online.tableau.com)
  --site <content-url>            site content URL, the part after /site/ in the browser ('' = Default site)
  --token-name <name>             the PAT's name
  --tokens-file <file>            many tokens: a YAML or JSON list of {name, secret, server-url, site, ...}; - for stdin
  --platform <auto|server|cloud|cloud-manager>
                                  default auto (online.tableau.com hosts are Tableau Cloud,
                                  cloudmanager.tableau.com hosts Tableau Cloud Manager)
  --api-version <auto|x.y>        default auto (asks the server)
  --warn-days <n>                 warning when fewer days are left (default 30)
  --fail-days <n>                 critical when fewer days are left (default 7)
  --timeout-seconds <n>           limit for each HTTP request (default 30)
  --retries <n>                   further attempts after network faults, 429 and 5xx (default 3)
  --concurrency <n>               tokens worked on at once with --tokens-file (default 4)
  --watch-owner-tokens <which>    Tableau Cloud: also report the owner's other PATs from the token
                                  list, without signing in with them: true for all, or names and
                                  globs ("extract-*,publisher"); default false
  --idle-warn-days <n>            warning when a watched token expires from disuse within n days (default 3)
  --idle-days <n>                 a PAT unused this many days expires (default 15; Server admins set it)
  --token-expires-at <date>       the token's expiry when the server reports none (Tableau Server)
  --token-created-at <date>       or its creation date; it then expires max-age-days later
  --max-age-days <n>              a token's lifetime from creation (default 365, Server's default)
  --refresh-if-idle-hours <n>     Tableau Cloud, with --watch-owner-tokens: skip the sign-in of a token
                                  its owner's list shows used within n hours (no running job is cut)
  --watch-site-tokens <which>     Tableau Cloud, a site admin's token: every user's PATs of the site
  --site-watch-seconds <n>        the site walk's total time; users not read by then are left out (default 300)
  --json                          print the results as JSON (the action's results output)
  --verbose                       log each step to standard error
  -h, --help                      this text
  -v, --version                   the version

Exit codes: 0 ok, 1 warning, 2 critical or invalid (Tableau rejected the token), 3 error or unknown.
Colour only on a terminal; NO_COLOR turns it off.

Example (crontab, twice a week at 06:17, from the clone):
  17 6 * * 1,4  cd /opt/tableau-pat-keepalive && ${SECRET_ENV}="$(cat ~/.tableau-pat)" node dist/cli/index.js https://10ay.online.tableau.com finance extract-bot
`

const OPTIONS = {
  'server-url': { type: 'string' },
  site: { type: 'string' },
  'token-name': { type: 'string' },
  'tokens-file': { type: 'string' },
  platform: { type: 'string' },
  'api-version': { type: 'string' },
  'warn-days': { type: 'string' },
  'fail-days': { type: 'string' },
  'timeout-seconds': { type: 'string' },
  retries: { type: 'string' },
  concurrency: { type: 'string' },
  'watch-owner-tokens': { type: 'string' },
  'idle-warn-days': { type: 'string' },
  'idle-days': { type: 'string' },
  'token-created-at': { type: 'string' },
  'token-expires-at': { type: 'string' },
  'max-age-days': { type: 'string' },
  'refresh-if-idle-hours': { type: 'string' },
  'watch-site-tokens': { type: 'string' },
  'site-watch-seconds': { type: 'string' },
  'token-secret-stdin': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  // Accepted only to refuse them with an explanation.
  'token-secret': { type: 'string' },
  secret: { type: 'string' }
} satisfies ParseArgsConfig['options']

type Values = Partial<Record<keyof typeof OPTIONS, string | boolean>>

export interface CliIo {
  argv: string[]
  env: NodeJS.ProcessEnv
  stdout: { write(text: string): unknown; isTTY?: boolean }
  stderr: { write(text: string): unknown }
  readStdin(): Promise<string>
}

export async function cli(io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: io.argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true
    })
    const options = values as Values
    if (options.help) return print(io.stdout, HELP, 0)
    if (options.version) return print(io.stdout, `${packageJson.version}\n`, 0)
    if (options['token-secret'] !== undefined || options.secret !== undefined) {
      throw new InputError(
        `The secret is never taken as an argument: it would show in ps and in shell history. Set ${SECRET_ENV} or pipe it in with --token-secret-stdin.`
      )
    }
    if (positionals.length > 3) {
      throw new InputError(
        `Too many arguments (${positionals.length}): expected at most <server-url> <site> <token-name>. The secret is never an argument: set ${SECRET_ENV} or use --token-secret-stdin.`
      )
    }
    const inputs = await inputsFrom(options, positionals, io)
    const settings = await readSettings({ get: name => inputs[name] ?? '', mask: () => {} })
    for (const warning of settings.warnings) io.stderr.write(`${safeLine(`warning: ${warning}`)}\n`)
    const verbose = Boolean(options.verbose)
    const results = await keepAliveAll(settings.tokens, settings.concurrency, token => {
      const say = (line: string): void =>
        void io.stderr.write(`${safeLine(`[${token.tokenName}] ${line}`)}\n`)
      return { log: verbose ? say : () => {}, mask: () => {}, debug: verbose ? say : undefined }
    })
    for (const warning of tokenCapWarnings(results))
      io.stderr.write(`${safeLine(`warning: ${warning}`)}\n`)
    const colour = Boolean(io.stdout.isTTY) && !io.env['NO_COLOR']
    io.stdout.write(
      options.json
        ? `${JSON.stringify(
            results.map(result => resultJson(result)),
            null,
            2
          )}\n`
        : table(results, colour)
    )
    return EXIT_CODES[worstStatus(results.map(result => result.status))]
  } catch (err) {
    const message = messageOf(err)
    io.stderr.write(
      `${safeLine(`tableau-pat-keepalive: ${message}`)}\nRun with --help for usage.\n`
    )
    return EXIT_UNKNOWN
  }
}

function print(stream: CliIo['stdout'], text: string, code: number): number {
  stream.write(text)
  return code
}

/** The action's inputs, from options, positionals, the environment and standard input. */
async function inputsFrom(
  options: Values,
  positionals: string[],
  io: CliIo
): Promise<Record<string, string>> {
  const text = (name: keyof typeof OPTIONS): string | undefined => {
    const value = options[name]
    return typeof value === 'string' ? value : undefined
  }
  const [serverUrl, site, tokenName] = positionals
  const inputs: Record<string, string> = {}
  for (const name of [
    'platform',
    'api-version',
    'warn-days',
    'fail-days',
    'timeout-seconds',
    'retries',
    'concurrency',
    'watch-owner-tokens',
    'idle-warn-days',
    'idle-days',
    'token-created-at',
    'token-expires-at',
    'max-age-days',
    'refresh-if-idle-hours',
    'watch-site-tokens',
    'site-watch-seconds'
  ] as const) {
    const value = text(name)
    if (value !== undefined) inputs[name] = value
  }
  inputs['server-url'] = text('server-url') ?? serverUrl ?? ''
  inputs['site'] = text('site') ?? site ?? ''
  const tokensFile = text('tokens-file')
  if (tokensFile !== undefined) {
    inputs['tokens'] = tokensFile === '-' ? await io.readStdin() : readTokensFile(tokensFile)
    return inputs
  }
  inputs['token-name'] = text('token-name') ?? tokenName ?? ''
  inputs['token-secret'] = options['token-secret-stdin']
    ? (await io.readStdin()).replace(/\r?\n$/, '')
    : (io.env[SECRET_ENV] ?? '')
  if (!inputs['token-secret']) {
    throw new InputError(
      `No secret: set ${SECRET_ENV} or pipe the secret in with --token-secret-stdin.`
    )
  }
  return inputs
}

function readTokensFile(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    const code = (err as { code?: string }).code
    throw new InputError(`--tokens-file ${path} cannot be read (${code ?? String(err)}).`)
  }
}

const COLOURS: Record<Status, string> = {
  ok: '32',
  warning: '33',
  critical: '31',
  invalid: '31',
  error: '35'
}

/** A plain-text table, one row per token, then the messages worth reading; all of it safe lines. */
export function table(results: readonly TokenResult[], colour: boolean): string {
  const { headers, row } = resultTable(results)
  const rows = results.map(result => row(result).map(safeLine))
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map(row => row[i]!.length))
  )
  const line = (cells: string[], statusColour?: string): string =>
    cells
      .map((cell, i) => {
        const padded = cell.padEnd(widths[i]!)
        return i === STATUS_COLUMN && statusColour
          ? `\u001b[${statusColour}m${padded}\u001b[0m`
          : padded
      })
      .join('  ')
      .trimEnd()
  const body = rows.map((row, i) => line(row, colour ? COLOURS[results[i]!.status] : undefined))
  const notes = results.flatMap(result =>
    [result.status === 'ok' ? '' : result.message, ...result.warnings]
      .filter(Boolean)
      .map(text => safeLine(`- ${result.tokenName}: ${text}`))
  )
  return [line(headers), ...body, ...(notes.length ? ['', ...notes] : [])].join('\n') + '\n'
}
