/**
 * watch-owner-tokens in the action and the CLI, against the fake Tableau Cloud: one
 * sign-in with a monitoring PAT reports on the owner's other PATs from the token list, without
 * ever signing in with them. The first case goes through the bundle; the others run in this process.
 */
import { runnerEnv } from '../fakes/runner-env.js'
import { FakeGitHub } from '../fakes/github-server.js'
import { FakeTableauServer, inDays, type FakeToken } from '../fakes/tableau-server.js'
import { unintendedCommands, visibleText, type ActionRun } from '../fakes/run-action.js'
import { launch, itThroughTheBundle } from '../fakes/run-in-process.js'
import { spawnCli } from '../fakes/run-cli.js'
import { leakedSecrets, testSecret } from '../fakes/secrets.js'
import type { ResultJson } from '../../src/report/outputs.js'

const DAY = 86_400_000
/** An instant n whole days and an hour ago, so that floor() of the days since is n. */
const usedDaysAgo = (days: number): string =>
  new Date(Date.now() - days * DAY - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z')

const MONITOR_SECRET = testSecret('monitor')
const OWNER = 'user-owner'
let tableau: FakeTableauServer
let github: FakeGitHub

function ownerTokens(): FakeToken[] {
  const of = (name: string, fields: Partial<FakeToken>): FakeToken => ({
    name,
    secret: testSecret(name),
    site: 'finance',
    userId: OWNER,
    ...fields
  })
  return [
    of('keepalive-monitor', { secret: MONITOR_SECRET, expiresAt: inDays(150) }),
    // Its jobs stopped 13 days ago: dies from disuse in a day.
    of('extract-daily', { expiresAt: inDays(120), lastUsedAt: usedDaysAgo(13) }),
    // Unused for 16 days: already dead.
    of('extract-stale', { expiresAt: inDays(120), lastUsedAt: usedDaysAgo(16) }),
    of('publisher', { expiresAt: inDays(5), lastUsedAt: usedDaysAgo(0) }),
    of('extract-healthy', { expiresAt: inDays(200), lastUsedAt: usedDaysAgo(1) }),
    // Matches no glob: not watched.
    of('adhoc-analysis', { expiresAt: inDays(2), lastUsedAt: usedDaysAgo(30) }),
    // Another user's token: not in this owner's list at all.
    { ...of('someone-else', { expiresAt: inDays(1) }), userId: 'user-other' }
  ]
}
const WATCHED = ['extract-daily', 'extract-stale', 'publisher', 'extract-healthy']

beforeEach(async () => {
  tableau = new FakeTableauServer({ platform: 'cloud', tokens: ownerTokens() })
  github = new FakeGitHub()
  await Promise.all([tableau.start(), github.start()])
})
afterEach(() => Promise.all([tableau.stop(), github.stop()]))

const GITHUB_TOKEN = 'ghs_watchTestToken0123456789'

async function run(
  inputs: Record<string, string> = {},
  servers: FakeTableauServer[] = [tableau]
): Promise<ActionRun> {
  const result = await launch({
    inputs: {
      'server-url': tableau.url,
      platform: 'cloud',
      site: 'finance',
      'token-name': 'keepalive-monitor',
      'token-secret': MONITOR_SECRET,
      'watch-owner-tokens': 'extract-*, publisher',
      'fail-days': '3',
      'check-schedule': 'false',
      ...inputs
    },
    env: {
      ...runnerEnv(github, {
        workflow: '.github/workflows/watch.yml',
        event: 'schedule',
        runId: '77'
      })
    }
  })
  const secrets = [
    ...servers.flatMap(server => server.options.tokens.map(token => token.secret)),
    ...servers.flatMap(server => server.issuedSessionTokens),
    GITHUB_TOKEN
  ]
  expect(leakedSecrets(visibleText(result), secrets)).toEqual([])
  expect(leakedSecrets(github.calls.map(call => call.body).join('\n'), secrets)).toEqual([])
  expect(unintendedCommands(result, secrets)).toEqual([])
  return result
}

const resultsOf = (run: ActionRun): ResultJson[] =>
  JSON.parse(run.outputs['results']!) as ResultJson[]
const requestsTo = (suffix: string) =>
  tableau.requests.filter(request => request.path.endsWith(suffix))

describe('watch-owner-tokens on Tableau Cloud', () => {
  itThroughTheBundle(
    'reports every selected token of the owner from one sign-in, signing in with none of them',
    async () => {
      const result = await run()

      // One sign-in, one list, one sign-out; no watched name in any request, let alone a credential.
      expect(requestsTo('/auth/signin')).toHaveLength(1)
      expect(requestsTo('/personal-access-tokens')).toHaveLength(1)
      expect(requestsTo('/auth/signout')).toHaveLength(1)
      for (const request of tableau.requests)
        for (const name of [...WATCHED, 'adhoc-analysis'])
          expect(request.body + JSON.stringify(request.headers) + request.path).not.toContain(name)

      const results = resultsOf(result)
      expect(results.map(r => [r.name, r.status, r.watched, r.refreshed])).toEqual([
        ['keepalive-monitor', 'ok', false, true],
        ['extract-daily', 'warning', true, false],
        ['extract-stale', 'critical', true, false],
        ['publisher', 'warning', true, false],
        ['extract-healthy', 'ok', true, false]
      ])
      const [monitor, daily, stale, publisher, healthy] = results as [
        ResultJson,
        ResultJson,
        ResultJson,
        ResultJson,
        ResultJson
      ]
      expect(monitor.lastUsedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
      expect(monitor).not.toHaveProperty('idleExpiresAt')
      // Days left count to whichever deadline comes first: disuse for daily, the date for publisher.
      expect(daily).toMatchObject({ daysUntilExpiry: 1, expirySource: 'token-list' })
      expect(Date.parse(daily.idleExpiresAt!) - Date.parse(daily.lastUsedAt!)).toBe(15 * DAY)
      expect(stale.daysUntilExpiry).toBe(-2)
      expect(stale.error).toBeNull()
      expect(publisher).toMatchObject({ daysUntilExpiry: 5 })
      expect(healthy).toMatchObject({ daysUntilExpiry: 13 })
      expect(healthy.expiresAt).toBe(tableau.options.tokens[4]!.expiresAt)

      // The aggregate: the worst status fails the step; refreshed speaks of the signed-in token.
      expect(result.exitCode).toBe(1)
      expect(result.outputs).toMatchObject({
        status: 'critical',
        refreshed: 'true',
        'days-until-expiry': '-2',
        platform: 'cloud'
      })

      const errors = result.commands.filter(c => c.command === 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0]!.message).toContain(
        `Token "extract-stale" (site "finance" on ${tableau.url}, watched through "keepalive-monitor", not signed in): Expired from disuse: last used 16 days ago`
      )
      const warnings = result.commands.find(c => c.command === 'warning')!.message
      expect(warnings).toContain('Tableau PAT expires in 1 day: Token "extract-daily"')
      expect(warnings).toContain('Run a job that uses it (or sign in with it) before then.')
      expect(warnings).not.toContain('update the secret passed as token-secret')

      expect(result.summary).toContain('<th>Checked</th>')
      expect(result.summary.match(/<td>watched \(not signed in\)<\/td>/g)).toHaveLength(4)
      expect(result.summary.match(/<td>signed in<\/td>/g)).toHaveLength(1)
      expect(result.stdout).toContain(
        "Watched 4 of the 6 tokens in the owner's token list (not signed in with them)"
      )
    }
  )

  it('lists the tokens even when the sign-in already gave the expiry, and true watches them all', async () => {
    const result = await run({ 'watch-owner-tokens': 'true' })
    expect(requestsTo('/personal-access-tokens')).toHaveLength(1)
    expect(resultsOf(result).map(r => r.name)).toEqual([
      'keepalive-monitor',
      ...WATCHED,
      'adhoc-analysis'
    ])
  })

  it('lists a token refreshed in the same run once, as refreshed, and each list once per sign-in', async () => {
    const publisher = tableau.options.tokens.find(t => t.name === 'publisher')!
    const tokens = JSON.stringify([
      { name: 'keepalive-monitor', secret: MONITOR_SECRET },
      { name: 'publisher', secret: publisher.secret }
    ])
    const result = await run({
      'token-name': '',
      'token-secret': '',
      tokens,
      'watch-owner-tokens': 'true'
    })
    expect(requestsTo('/auth/signin')).toHaveLength(2)
    expect(requestsTo('/personal-access-tokens')).toHaveLength(2)
    const names = resultsOf(result).map(r => `${r.name}:${r.watched ? 'watched' : 'signed in'}`)
    expect(names).toEqual([
      'keepalive-monitor:signed in',
      'publisher:signed in',
      'extract-daily:watched',
      'extract-stale:watched',
      'extract-healthy:watched',
      'adhoc-analysis:watched'
    ])
  })

  it('reports an unknown last use as such, without a crash, and judges by the date alone', async () => {
    tableau.options.tokens.find(t => t.name === 'extract-daily')!.lastUsedAt = 'yesterday-ish'
    delete tableau.options.tokens.find(t => t.name === 'publisher')!.lastUsedAt
    const [, daily, , publisher] = resultsOf(await run())
    expect(daily).toMatchObject({ status: 'ok', lastUsedAt: null, idleExpiresAt: null })
    expect(daily!.daysUntilExpiry).toBe(120)
    expect(publisher).toMatchObject({ status: 'warning', lastUsedAt: null, daysUntilExpiry: 5 })
  })

  it('warns and does not fail on Tableau Server, which has no token list', async () => {
    const server = new FakeTableauServer({
      tokens: [{ name: 'keepalive-monitor', secret: MONITOR_SECRET, site: '' }]
    })
    await server.start()
    try {
      const result = await run({ 'server-url': server.url, platform: 'server', site: '' }, [server])
      expect(result.exitCode).toBe(0)
      expect(result.outputs['status']).toBe('ok')
      expect(resultsOf(result)).toHaveLength(1)
      expect(result.commands.find(c => c.command === 'warning')?.message).toContain(
        'watch-owner-tokens: Tableau Server has no token list, so no other tokens were watched.'
      )
    } finally {
      await server.stop()
    }
  })
})

describe('issues for watched tokens', () => {
  const withIssues = { 'open-issue': 'true', 'github-token': GITHUB_TOKEN }

  it('opens one per watched token that needs attention, and closes it when the token leaves the list', async () => {
    const first = await run(withIssues)
    expect(resultsOf(first).map(r => [r.name, r.issueAction])).toEqual([
      ['keepalive-monitor', 'none'],
      ['extract-daily', 'created'],
      ['extract-stale', 'created'],
      ['publisher', 'created'],
      ['extract-healthy', 'none']
    ])
    const stale = github.issues.find(issue => issue.title.includes('extract-stale'))!
    expect(stale.title).toBe('Tableau PAT "extract-stale" (site: finance) has expired')
    expect(stale.body).toMatch(/ via=[0-9a-f]{16} checked=\S+Z expires=\S+Z -->/)
    expect(stale.body).toContain(
      '| Checked | watched through `keepalive-monitor` (not signed in) |'
    )
    expect(stale.body).toContain('| Expires from disuse |')

    // The stale token is deleted in Tableau: its issue is closed with the reason.
    tableau.options.tokens = tableau.options.tokens.filter(t => t.name !== 'extract-stale')
    const second = await run(withIssues)
    expect(second.exitCode).toBe(0)
    expect(stale).toMatchObject({ state: 'closed', state_reason: 'not_planned' })
    expect(stale.comments.at(-1)).toMatch(
      /^This token is no longer in its owner's token list, read through `keepalive-monitor`: it was revoked or deleted/
    )
    expect(github.openIssues().map(issue => issue.title)).toEqual([
      'Tableau PAT "extract-daily" (site: finance) expires in 1 day',
      'Tableau PAT "publisher" (site: finance) expires in 5 days'
    ])
  })

  it('leaves the watched issues alone when the token list cannot be read', async () => {
    await run(withIssues)
    const open = github.openIssues().length
    tableau.options.faults = { tokenList: { kind: 'status', status: 500 } }
    const result = await run({ ...withIssues, retries: '0' })
    expect(result.outputs['status']).toBe('ok')
    expect(github.openIssues()).toHaveLength(open)
    expect(result.commands.find(c => c.command === 'warning')?.message).toContain(
      'watch-owner-tokens: the token list could not be read'
    )
  })
})

describe('the CLI', () => {
  it('--watch-owner-tokens gives the same results', async () => {
    const cli = await spawnCli(
      [
        '--server-url',
        tableau.url,
        '--platform',
        'cloud',
        '--site',
        'finance',
        '--token-name',
        'keepalive-monitor',
        '--watch-owner-tokens',
        'extract-*,publisher',
        '--fail-days',
        '3',
        '--json'
      ],
      { env: { TABLEAU_TOKEN_SECRET: MONITOR_SECRET } }
    )
    expect(cli.code).toBe(2)
    const results = JSON.parse(cli.stdout) as ResultJson[]
    expect(results.map(r => [r.name, r.status, r.watched])).toEqual([
      ['keepalive-monitor', 'ok', false],
      ['extract-daily', 'warning', true],
      ['extract-stale', 'critical', true],
      ['publisher', 'warning', true],
      ['extract-healthy', 'ok', true]
    ])
    const plain = await spawnCli(
      [
        tableau.url,
        'finance',
        'keepalive-monitor',
        '--platform',
        'cloud',
        '--watch-owner-tokens',
        'true'
      ],
      { env: { TABLEAU_TOKEN_SECRET: MONITOR_SECRET } }
    )
    expect(plain.stdout).toMatch(/Checked\n/)
    expect(plain.stdout).toMatch(/extract-stale .* watched \(not signed in\)/)
    expect(leakedSecrets(cli.stdout + cli.stderr + plain.stdout, [MONITOR_SECRET])).toEqual([])
  })
})
