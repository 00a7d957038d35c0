/**
 * The command-line interface against the fake Tableau server: the built entry point as a child
 * process where the process matters (the first exit code, standard input, --help); the others call
 * cli() in this process, with the same arguments and environment.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli } from '../../src/cli/cli.js'
import { FakeTableauServer, inDays, type FakeToken } from '../fakes/tableau-server.js'
import { spawnCli, type CliRun } from '../fakes/run-cli.js'
import { cliInProcess } from '../fakes/run-in-process.js'
import { leakedSecrets, testSecret } from '../fakes/secrets.js'

const SECRET = testSecret()
let server: FakeTableauServer
let cloud: FakeTableauServer

const tokens: FakeToken[] = [
  { name: 'fresh', secret: SECRET, site: 'finance' },
  { name: 'soon', secret: SECRET, site: 'finance', expiresAt: inDays(12) },
  { name: 'dying', secret: SECRET, site: 'finance', expiresAt: inDays(3) }
]

beforeAll(async () => {
  server = new FakeTableauServer({ tokens })
  cloud = new FakeTableauServer({
    platform: 'cloud',
    tokens: [
      {
        name: 'listed',
        secret: SECRET,
        site: 'finance',
        expiresAt: inDays(90),
        reportOnSignIn: false
      }
    ]
  })
  await Promise.all([server.start(), cloud.start()])
})
afterAll(() => Promise.all([server.stop(), cloud.stop()]))

async function runCli(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string } = {},
  via: typeof spawnCli = cliInProcess
): Promise<CliRun> {
  const { code, stdout, stderr } = await via(args, options)
  const issued = [...server.issuedSessionTokens, ...cloud.issuedSessionTokens]
  expect(leakedSecrets(stdout + stderr, [SECRET, ...issued])).toEqual([])
  expect(stderr).not.toMatch(/\n\s+at /)
  return { code, stdout, stderr }
}

const withSecret = { env: { TABLEAU_TOKEN_SECRET: SECRET } }

describe('exit codes follow the monitoring plugin convention', () => {
  it('0 for ok, with a table', async () => {
    const run = await runCli([server.url, 'finance', 'fresh'], withSecret, spawnCli)
    expect(run.code).toBe(0)
    expect(run.stdout.split('\n')[0]).toMatch(
      /^Token\s+Site\s+Server\s+Platform\s+Status\s+Days left\s+Expires at\s+Refresh by\s+API version$/
    )
    expect(run.stdout).toMatch(
      /^fresh\s+finance\s+http:\/\/127\.0\.0\.1:\d+\s+Tableau Server\s+ok\s+unknown\s+\d{4}-/m
    )
    expect(run.stdout).not.toContain('\u001b[') // no colour when not on a terminal
    expect(run.stderr).toBe('')
  })

  it('1 for warning', async () => {
    const run = await runCli(
      ['--server-url', server.url, '--site', 'finance', '--token-name', 'soon'],
      withSecret
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^soon\s+finance\s+\S+\s+Tableau Server\s+warning\s+12\s/m)
  })

  it('2 for critical', async () => {
    const run = await runCli(
      [server.url, 'finance', 'dying', '--warn-days', '20', '--fail-days', '5'],
      withSecret
    )
    expect(run.code).toBe(2)
    expect(run.stdout).toContain('critical')
  })

  it('2 for a rejected token', async () => {
    const run = await runCli([server.url, 'finance', 'fresh'], {
      env: { TABLEAU_TOKEN_SECRET: 'wrong' }
    })
    expect(run.code).toBe(2)
    expect(run.stdout).toContain('- fresh: Sign-in rejected (HTTP 401, Tableau error 401001')
  })

  it('3 when Tableau cannot be reached', async () => {
    const run = await runCli(
      ['http://127.0.0.1:9', 'finance', 'fresh', '--retries', '0'],
      withSecret
    )
    expect(run.code).toBe(3)
    expect(run.stdout).toContain('the connection was refused')
  })

  it('3 for bad arguments, naming them', async () => {
    const bad = await runCli([server.url, 'finance', 'fresh', '--warn-days', 'soon'], withSecret)
    expect(bad.code).toBe(3)
    expect(bad.stderr).toContain('warn-days must be a whole number of days, got "soon"')
    const unknown = await runCli(['--frobnicate'], withSecret)
    expect(unknown.code).toBe(3)
    expect(unknown.stderr).toContain("Unknown option '--frobnicate'")
  })
})

describe('secrets', () => {
  it.each([
    [['--token-secret', 'x'], 'The secret is never taken as an argument'],
    [['--secret=x'], 'The secret is never taken as an argument'],
    [['https://a.example.com', 'site', 'name', 'oops-a-secret'], 'Too many arguments (4)']
  ])('refuses %j', async (args, message) => {
    const run = await runCli(args)
    expect(run.code).toBe(3)
    expect(run.stderr).toContain(message)
    expect(run.stderr).toContain('TABLEAU_TOKEN_SECRET')
    expect(run.stdout).toBe('')
  })

  it('does not echo a secret given as a mistyped option', async () => {
    const run = await runCli([server.url, 'finance', 'fresh', `--tokensecret=${SECRET}`]) // runCli checks for leaks
    expect(run.code).toBe(3)
    expect(run.stderr).toContain("Unknown option '--tokensecret'")
  })

  it('reads the secret from standard input', async () => {
    const run = await runCli(
      [server.url, 'finance', 'fresh', '--token-secret-stdin'],
      {
        stdin: `${SECRET}\n`
      },
      spawnCli
    )
    expect(run.code).toBe(0)
  })

  it('says where the secret comes from when there is none', async () => {
    const run = await runCli([server.url, 'finance', 'fresh'])
    expect(run.code).toBe(3)
    expect(run.stderr).toContain(
      'No secret: set TABLEAU_TOKEN_SECRET or pipe the secret in with --token-secret-stdin.'
    )
  })
})

describe('output', () => {
  it('--json prints the results objects of the action', async () => {
    const run = await runCli(
      [cloud.url, 'finance', 'listed', '--platform', 'cloud', '--json'],
      withSecret
    )
    expect(run.code).toBe(0)
    const results = JSON.parse(run.stdout) as Record<string, unknown>[]
    expect(results).toHaveLength(1)
    expect(Object.keys(results[0]!).sort()).toEqual(
      [
        'apiVersion',
        'daysUntilExpiry',
        'error',
        'expiresAt',
        'expirySource',
        'lastUsedAt',
        'name',
        'platform',
        'refreshBy',
        'refreshed',
        'server',
        'site',
        'status',
        'watched'
      ].sort()
    )
    expect(results[0]).toMatchObject({
      name: 'listed',
      status: 'ok',
      daysUntilExpiry: 90,
      expirySource: 'token-list',
      refreshed: true,
      error: null
    })
  })

  it('--tokens-file checks many tokens, the worst status decides the exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pat-cli-'))
    try {
      const file = join(dir, 'tokens.yml')
      writeFileSync(
        file,
        ['fresh', 'soon', 'dying']
          .map(name => `- name: ${name}\n  secret: ${JSON.stringify(SECRET)}`)
          .join('\n')
      )
      const run = await runCli([
        '--server-url',
        server.url,
        '--site',
        'finance',
        '--tokens-file',
        file,
        '--json'
      ])
      expect(run.code).toBe(2)
      expect(
        (JSON.parse(run.stdout) as { name: string; status: string }[]).map(
          r => `${r.name}:${r.status}`
        )
      ).toEqual(['fresh:ok', 'soon:warning', 'dying:critical'])
      const missing = await runCli([
        '--server-url',
        server.url,
        '--tokens-file',
        join(dir, 'nope.yml')
      ])
      expect(missing.code).toBe(3)
      expect(missing.stderr).toContain('nope.yml cannot be read (ENOENT)')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('--help documents every option and exits 0', async () => {
    const run = await runCli(['--help'], {}, spawnCli)
    expect(run.code).toBe(0)
    for (const option of [
      '--server-url',
      '--site',
      '--token-name',
      '--tokens-file',
      '--platform',
      '--api-version',
      '--warn-days',
      '--fail-days',
      '--timeout-seconds',
      '--retries',
      '--concurrency',
      '--json',
      '--token-secret-stdin',
      'TABLEAU_TOKEN_SECRET',
      'crontab'
    ]) {
      expect(run.stdout).toContain(option)
    }
  })

  it('colours the status on a terminal, unless NO_COLOR is set', async () => {
    const capture = async (env: NodeJS.ProcessEnv): Promise<string> => {
      let out = ''
      const code = await cli({
        argv: [server.url, 'finance', 'soon'],
        env,
        stdout: { write: (text: string) => (out += text), isTTY: true },
        stderr: { write: () => true },
        readStdin: async () => ''
      })
      expect(code).toBe(1)
      return out
    }
    // The secret reaches cli() through env, as TABLEAU_TOKEN_SECRET.
    expect(await capture({ TABLEAU_TOKEN_SECRET: SECRET })).toContain('\u001b[33mwarning')
    expect(await capture({ TABLEAU_TOKEN_SECRET: SECRET, NO_COLOR: '1' })).not.toContain('\u001b[')
  })
})
