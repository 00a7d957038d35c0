/**
 * Watch every token of a site (issue #25), against a fake Tableau
 * Cloud with 3 users and 7 tokens: owners, globs, a 429 on one user's list, the user cap; and the
 * failure ping (heartbeat-fail-url). The first case goes through the bundle; the others run in
 * this process.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FakeTableauServer, inDays, type FakeToken } from '../fakes/tableau-server.js'
import { visibleText, type ActionRun } from '../fakes/run-action.js'
import { launch, itThroughTheBundle } from '../fakes/run-in-process.js'
import { leakedSecrets, testSecret } from '../fakes/secrets.js'
import { FakeGitHub } from '../fakes/github-server.js'
import { runnerEnv } from '../fakes/runner-env.js'
import type { ResultJson } from '../../src/report/outputs.js'

const SECRET = testSecret()
const users = [
  { id: 'u-admin', name: 'admin@example.com', fullName: 'Ada Admin' },
  { id: 'u-etl', name: 'etl@example.com', fullName: 'ETL Team' },
  { id: 'u-bi', name: 'bi@example.com', fullName: 'BI Team' }
]
const token = (name: string, userId: string, days: number): FakeToken => ({
  name,
  secret: `unused-${name}-${userId}`,
  site: 'finance',
  userId,
  expiresAt: inDays(days),
  lastUsedAt: new Date(Date.now() - 3_600_000).toISOString()
})
const fleet = (): FakeToken[] => [
  { name: 'monitor', secret: SECRET, site: 'finance', userId: 'u-admin', expiresAt: inDays(300) },
  token('admin-other', 'u-admin', 200),
  token('extract-daily', 'u-etl', 10),
  token('extract-weekly', 'u-etl', 200),
  token('publisher', 'u-etl', 20),
  token('extract-daily', 'u-bi', 100),
  token('dashboard-refresh', 'u-bi', 200)
]
let tableau: FakeTableauServer
afterEach(() => tableau.stop())

/** The monitoring token's step, watching the site, on the fake Tableau started last. */
const siteWatchInputs = (): Record<string, string> => ({
  'server-url': tableau.url,
  platform: 'cloud',
  site: 'finance',
  'token-name': 'monitor',
  'token-secret': SECRET,
  'watch-site-tokens': 'true',
  'check-schedule': 'false'
})

async function run(
  inputs: Record<string, string> = {},
  options: Partial<ConstructorParameters<typeof FakeTableauServer>[0]> = {},
  env: Record<string, string> = {}
): Promise<ActionRun> {
  tableau = new FakeTableauServer({ platform: 'cloud', tokens: fleet(), users, ...options })
  await tableau.start()
  const result = await launch({ inputs: { ...siteWatchInputs(), ...inputs }, env })
  expect(leakedSecrets(visibleText(result), [SECRET, ...tableau.issuedSessionTokens])).toEqual([])
  // Never an e-mail address: owners are display names.
  expect(visibleText(result)).not.toContain('@example.com')
  return result
}
const watchedOf = (result: ActionRun) =>
  (JSON.parse(result.outputs['results']!) as ResultJson[]).filter(r => r.watched)

describe('watch-site-tokens', () => {
  itThroughTheBundle(
    "reports every user's tokens with their owner, worst first in the summary",
    async () => {
      const result = await run()
      expect(result.exitCode).toBe(0)
      const watched = watchedOf(result).map(r => [r.owner, r.name, r.status])
      expect(watched).toHaveLength(6)
      expect(watched).toEqual(
        expect.arrayContaining([
          ['Ada Admin', 'admin-other', 'ok'],
          ['ETL Team', 'extract-daily', 'warning'],
          ['ETL Team', 'extract-weekly', 'ok'],
          ['ETL Team', 'publisher', 'warning'],
          ['BI Team', 'extract-daily', 'ok'],
          ['BI Team', 'dashboard-refresh', 'ok']
        ])
      )
      expect(result.summary).toContain('<th>Owner</th>')
      const rows = [...result.summary.matchAll(/<tr><td>([^<]+)<\/td>/g)].map(m => m[1])
      expect(rows.slice(0, 2).sort()).toEqual(['extract-daily', 'publisher'])
      // One users page, three token lists (one per user), one sign-in.
      expect(tableau.requestsTo('/users?')).toHaveLength(1)
      expect(tableau.requestsTo('/personal-access-tokens')).toHaveLength(3)
      expect(tableau.requestsTo('/auth/signin')).toHaveLength(1)
    }
  )

  it('takes globs', async () => {
    const result = await run({ 'watch-site-tokens': 'extract-*' })
    expect(
      watchedOf(result)
        .map(r => `${r.owner}/${r.name}`)
        .sort()
    ).toEqual(['BI Team/extract-daily', 'ETL Team/extract-daily', 'ETL Team/extract-weekly'])
  })

  it("retries a 429 on one user's list, honouring Retry-After", async () => {
    const result = await run(
      {},
      {
        userTokenListFaults: {
          'u-bi': { kind: 'status', status: 429, times: 1, headers: { 'Retry-After': '1' } }
        }
      }
    )
    expect(watchedOf(result).filter(r => r.owner === 'BI Team')).toHaveLength(2)
    expect(tableau.requestsTo('/users/u-bi/personal-access-tokens')).toHaveLength(2)
  })

  it('reads at most 5,000 users, with a notice', async () => {
    const many = Array.from({ length: 5_003 }, (_, i) => ({
      id: `u-${i}`,
      name: `u${i}@example.com`,
      fullName: `User ${i}`
    }))
    const result = await run({}, { users: many })
    const notices = result.commands
      .filter(c => c.command === 'notice')
      .map(c => c.message)
      .join('\n')
    expect(notices).toContain('the site has 5003 users; the tokens of the first 5000 were read')
    expect(tableau.requestsTo('/personal-access-tokens')).toHaveLength(5_000)
  }, 60_000)
})

describe('heartbeat-fail-url', () => {
  let monitor: Server
  let pings: string[]
  beforeEach(async () => {
    pings = []
    monitor = createServer((req, res) => {
      pings.push(req.url ?? '')
      res.writeHead(200).end('OK')
    })
    await new Promise<void>(resolve => monitor.listen(0, '127.0.0.1', resolve))
  })
  afterEach(() => new Promise<void>(resolve => monitor.close(() => resolve())))
  const base = () => `http://127.0.0.1:${(monitor.address() as AddressInfo).port}/ping/key-7c1e`

  it('a failing run pings heartbeat-fail-url once, and not heartbeat-url', async () => {
    const result = await run({
      'watch-site-tokens': 'false',
      'token-secret': `${SECRET}-wrong`,
      'heartbeat-url': base(),
      'heartbeat-fail-url': `${base()}/fail`
    })
    expect(result.exitCode).toBe(1)
    expect(pings).toEqual(['/ping/key-7c1e/fail'])
    expect(visibleText(result)).not.toContain('key-7c1e')
  })

  it('a passing run pings only heartbeat-url', async () => {
    const result = await run({
      'watch-site-tokens': 'false',
      'heartbeat-url': base(),
      'heartbeat-fail-url': `${base()}/fail`
    })
    expect(result.exitCode).toBe(0)
    expect(pings).toEqual(['/ping/key-7c1e'])
  })
})

describe('watch-site-tokens: identity and time (issue #30)', () => {
  it("watches other users' tokens that share the signing token's name, and leaves out only the signer's own", async () => {
    const result = await run(
      {},
      {
        tokens: [...fleet(), token('monitor', 'u-etl', 10), token('monitor', 'u-bi', 200)]
      }
    )
    const monitors = watchedOf(result)
      .filter(r => r.name === 'monitor')
      .map(r => [r.owner, r.status])
    expect(monitors.sort()).toEqual([
      ['BI Team', 'ok'],
      ['ETL Team', 'warning']
    ])
    const signer = (JSON.parse(result.outputs['results']!) as ResultJson[]).filter(r => !r.watched)
    expect(signer).toMatchObject([{ name: 'monitor', refreshed: true, siteWatch: 'complete' }])
  })

  it('stops at site-watch-seconds: fewer lists read, a warning, and the result says incomplete', async () => {
    const started = Date.now()
    // 400 ms a request, one at a time: the users page and two lists already pass 1 s.
    const result = await run({ 'site-watch-seconds': '1', concurrency: '1' }, { latencyMs: 400 })
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(result.exitCode).toBe(0)
    expect(tableau.requestsTo('/personal-access-tokens').length).toBeLessThan(users.length)
    const signer = (JSON.parse(result.outputs['results']!) as ResultJson[]).find(r => !r.watched)
    expect(signer?.siteWatch).toBe('incomplete')
    const warnings = result.commands.filter(c => c.command === 'warning').map(c => c.message)
    expect(warnings.join('\n')).toContain('the walk reached its budget (site-watch-seconds: 1)')
    expect(warnings.join('\n')).toContain('closes no issue of a token it did not see')
  })

  it('refuses a site-watch-seconds that is not whole seconds from 1 to 3600', async () => {
    const result = await run({ 'site-watch-seconds': '0' })
    expect(result.exitCode).toBe(1)
    expect(result.commands.find(c => c.properties['title'] === 'Invalid input')?.message).toContain(
      'site-watch-seconds must be a whole number of seconds from 1 to 3600, got "0"'
    )
  })
})

describe('an incomplete site walk closes no issue', () => {
  let github: FakeGitHub
  beforeEach(async () => {
    github = new FakeGitHub()
    await github.start()
  })
  afterEach(() => github.stop())

  it('leaves the issue of a token it did not see open, and a complete walk still finds it', async () => {
    // One Tableau for every run: the token's identity includes the server's host and port.
    tableau = new FakeTableauServer({ platform: 'cloud', tokens: fleet(), users })
    await tableau.start()
    const runOnce = (extra: Record<string, string> = {}) =>
      launch({
        inputs: {
          ...siteWatchInputs(),
          'watch-owner-tokens': 'true',
          'open-issue': 'true',
          'github-token': 'ghs_sitewatch1234',
          concurrency: '1',
          ...extra
        },
        env: runnerEnv(github, { workflow: '.github/workflows/pat.yml', event: 'schedule' })
      })
    const etlIssues = () =>
      github.openIssues().filter(issue => /extract-daily|publisher/.test(issue.title))
    await runOnce() // complete: ETL Team's extract-daily (10 days) and publisher (20) get issues
    expect(etlIssues()).toHaveLength(2)

    // 400 ms a request, one at a time, a 1 s budget: ETL Team's list is not read.
    tableau.options.latencyMs = 400
    const partial = await runOnce({ 'site-watch-seconds': '1' })
    expect(watchedOf(partial).filter(r => r.owner === 'ETL Team')).toEqual([]) // not seen
    expect(etlIssues()).toHaveLength(2)
    expect(github.issues.filter(issue => issue.state === 'closed')).toEqual([])

    tableau.options.latencyMs = 0
    const complete = await runOnce()
    expect(complete.exitCode).toBe(0)
    expect(etlIssues()).toHaveLength(2)
    expect(github.issues).toHaveLength(2) // found again: no duplicate
  })
})
