/**
 * GitHub's documented limits, against a fake GitHub that enforces them
 * (issue #30): titles of at most 256 characters and bodies of at most 65,536 (REST "Create an
 * issue", 422 Validation Failed), and the secondary and primary rate limits ("Best practices for
 * using the REST API": Retry-After first, then x-ratelimit-reset, else a minute). The 120 KB
 * name goes through the bundle, in a process's environment as the runner passes it; the other
 * runs call the action in this process.
 */
import { runnerEnv } from '../fakes/runner-env.js'
import { BODY_MAX, FakeGitHub, TITLE_MAX } from '../fakes/github-server.js'
import { FakeTableauServer, inDays, type FakeToken } from '../fakes/tableau-server.js'
import { visibleText, type ActionRun } from '../fakes/run-action.js'
import { launch, throughTheBundle } from '../fakes/run-in-process.js'
import { leakedSecrets, testSecret } from '../fakes/secrets.js'

const SECRET = testSecret()
const GITHUB_TOKEN = `ghs_${testSecret('gh').slice(-12)}Lm`
const SECONDARY =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'
let tableau: FakeTableauServer
let github: FakeGitHub
let token: FakeToken

async function start(name: string, site = 'finance', days = 12): Promise<void> {
  token = { name, secret: SECRET, site, expiresAt: inDays(days) }
  tableau = new FakeTableauServer({ platform: 'cloud', tokens: [token] })
  github = new FakeGitHub()
  await Promise.all([tableau.start(), github.start()])
}
afterEach(() => Promise.all([tableau.stop(), github.stop()]))

async function run(inputs: Record<string, string> = {}): Promise<ActionRun> {
  const result = await launch({
    inputs: {
      'server-url': tableau.url,
      platform: 'cloud',
      site: token.site,
      'token-name': token.name,
      'token-secret': SECRET,
      'open-issue': 'true',
      'github-token': GITHUB_TOKEN,
      'check-schedule': 'false',
      ...inputs
    },
    env: runnerEnv(github)
  })
  const secrets = [SECRET, GITHUB_TOKEN, ...tableau.issuedSessionTokens]
  expect(leakedSecrets(visibleText(result), secrets)).toEqual([])
  expect(leakedSecrets(github.calls.map(call => call.body).join('\n'), secrets)).toEqual([])
  return result
}

const CREATE = /^POST \/repos\/acme\/analytics\/issues$/
const COMMENT = /^POST \/repos\/acme\/analytics\/issues\/1\/comments$/
/** GitHub's secondary rate limit, once, on the calls `match` takes. */
const secondaryLimitOnce = (match: RegExp, retryAfterSeconds: number, status = 403): void =>
  void github.failures.push({
    match,
    status,
    message: SECONDARY,
    headers: { 'retry-after': String(retryAfterSeconds) },
    times: 1
  })
const chars = (text: string): number => Array.from(text).length
const issueWarnings = (result: ActionRun): string[] =>
  result.commands
    .filter(c => c.command === 'warning' && c.properties['title'] === 'GitHub issue not updated')
    .map(c => c.message)
/** No half of a surrogate pair and no replacement character: nothing was cut inside a character. */
const wellFormed = (text: string): boolean =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\uFFFD/.test(text)

describe('titles within 256 characters', () => {
  it.each([
    [
      'a 250-character description',
      'nightly extract refresh for the finance team '.repeat(6).slice(0, 250)
    ],
    ['an emoji name', '🚀📊'.repeat(90) + '👩‍👩‍👧‍👦'.repeat(20)],
    ['a CJK name', '財務抽出'.repeat(70)]
  ])('%s: one issue, the status words whole, found again on the next run', async (_, name) => {
    await start(name)
    const first = await run()
    expect(first.outputs['issue-action']).toBe('created')
    const issue = github.issues[0]!
    expect(chars(issue.title)).toBeLessThanOrEqual(TITLE_MAX)
    expect(chars(issue.title)).toBeGreaterThan(TITLE_MAX - 20) // shortened, not emptied
    expect(issue.title).toMatch(/^Tableau PAT "/)
    expect(issue.title.endsWith('…" (site: finance) expires in 12 days')).toBe(true)
    expect(
      name.startsWith(
        issue.title.slice('Tableau PAT "'.length, -'…" (site: finance) expires in 12 days'.length)
      )
    ).toBe(true)
    expect(wellFormed(issue.title)).toBe(true)

    // The next run finds it by its marker: the same issue, renamed in place.
    token.expiresAt = inDays(5)
    const second = await run()
    expect(second.outputs).toMatchObject({ 'issue-action': 'updated', 'issue-number': '1' })
    expect(github.issues).toHaveLength(1)
    expect(issue.title.endsWith('…" (site: finance) expires in 5 days')).toBe(true)
    expect(chars(issue.title)).toBeLessThanOrEqual(TITLE_MAX)
    expect(issueWarnings(second)).toEqual([])
  })

  it('a long site and a long name share the room; a short site stays whole', async () => {
    await start('extract-' + 'x'.repeat(300), 'site-' + 's'.repeat(300))
    await run()
    const [title] = github.issues.map(issue => issue.title)
    expect(chars(title!)).toBeLessThanOrEqual(TITLE_MAX)
    expect(title).toMatch(/^Tableau PAT "extract-x+…" \(site: site-s+…\) expires in 12 days$/)
  })
})

describe('bodies within 65,536 characters', () => {
  throughTheBundle()
  // 40,000 CJK characters are 120,000 bytes: near Linux's 128 KiB for one environment string.
  it('a 40,000-character name: the body quotes its start, and the issue is opened', async () => {
    await start('抽'.repeat(40_000))
    const result = await run()
    expect(result.outputs['issue-action']).toBe('created')
    const [issue] = github.issues
    expect(chars(issue!.body)).toBeLessThanOrEqual(BODY_MAX)
    expect(issue!.body).toContain('抽'.repeat(400))
    expect(wellFormed(issue!.body)).toBe(true)
    expect(issueWarnings(result)).toEqual([])
  })
})

describe('rate limits waited out within the deadline', () => {
  beforeEach(() => start('extract-bot'))

  it.each([403, 429])(
    'a secondary limit (HTTP %i, Retry-After: 1) on the first create: created after the wait, once',
    async status => {
      secondaryLimitOnce(CREATE, 1, status)
      const result = await run()
      expect(result.outputs['issue-action']).toBe('created')
      expect(github.issues).toHaveLength(1)
      const creates = github.times.filter(t => t.route === 'POST /repos/acme/analytics/issues')
      expect(creates.map(t => t.status)).toEqual([status, 200])
      expect(creates[1]!.at - creates[0]!.at).toBeGreaterThanOrEqual(1000)
      expect(issueWarnings(result)).toEqual([])
    }
  )

  it('a secondary limit with no Retry-After and the primary limit (x-ratelimit-reset) are waited out too', async () => {
    // The primary limit: wait until x-ratelimit-reset (epoch seconds), then try again.
    const reset = Math.ceil(Date.now() / 1000) + 2
    github.failures.push({
      match: /^POST \/repos\/acme\/analytics\/issues$/,
      status: 403,
      message: 'API rate limit exceeded for installation.',
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      times: 1
    })
    const result = await run()
    expect(result.outputs['issue-action']).toBe('created')
    const created = github.times.find(
      t => t.route.startsWith('POST') && t.status === 200 && t.route.endsWith('/issues')
    )
    expect(created!.at).toBeGreaterThanOrEqual(reset * 1000)
  })

  it('a secondary limit on the change comment: the comment is posted once, before the marker moves', async () => {
    await run() // warning: issue 1
    token.expiresAt = inDays(3)
    secondaryLimitOnce(COMMENT, 1)
    const result = await run()
    expect(result.outputs).toMatchObject({
      status: 'critical',
      'issue-action': 'updated',
      changed: 'true'
    })
    const [issue] = github.issues
    expect(issue!.comments).toHaveLength(1)
    expect(issue!.comments[0]).toMatch(/^Status warning → \*\*critical\*\*/)
    expect(issue!.body).toContain('status=critical')
  })
})

describe('a limit longer than the deadline', () => {
  beforeEach(() => start('extract-bot'))
  // timeout-seconds 2 and no retries: the run's GitHub deadline is 2 s.
  const short = { 'timeout-seconds': '2', retries: '0' }

  it('warns with the limit and the wait, creates nothing, and the next run creates one issue', async () => {
    secondaryLimitOnce(CREATE, 600)
    const started = Date.now()
    const limited = await run(short)
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(limited.exitCode).toBe(0)
    expect(limited.outputs).toMatchObject({ status: 'warning', 'issue-action': 'none' })
    const [warning] = issueWarnings(limited)
    expect(warning).toContain("GitHub's secondary rate limit")
    expect(warning).toContain('asked to wait 600 s')
    expect(warning).toContain('deadline of 2 s')
    expect(warning).toContain('The keepalive result is unchanged.')
    expect(github.issues).toEqual([])

    const next = await run(short)
    expect(next.outputs['issue-action']).toBe('created')
    expect(github.issues).toHaveLength(1)
  })

  it('a refused change comment is posted by the next run: no alert is lost', async () => {
    await run(short) // warning: issue 1
    token.expiresAt = inDays(3)
    secondaryLimitOnce(COMMENT, 600)
    const limited = await run(short)
    expect(limited.outputs['status']).toBe('critical')
    const [issue] = github.issues
    expect(issue!.comments).toEqual([])
    expect(issue!.body).toContain('status=warning') // the marker did not move

    const next = await run(short)
    expect(next.outputs).toMatchObject({ 'issue-action': 'updated', changed: 'true' })
    expect(issue!.comments).toHaveLength(1)
    expect(issue!.comments[0]).toMatch(/^Status warning → \*\*critical\*\*/)
    expect(issue!.body).toContain('status=critical')
  })

  it('many tokens: after the limit, the rest are not written, named in one warning', async () => {
    const names = ['a-bot', 'b-bot', 'c-bot']
    await tableau.stop()
    tableau = new FakeTableauServer({
      platform: 'cloud',
      tokens: names.map(name => ({
        name,
        secret: `${SECRET}-${name}`,
        site: 'finance',
        expiresAt: inDays(12)
      }))
    })
    await tableau.start()
    secondaryLimitOnce(CREATE, 600)
    const result = await run({
      ...short,
      'token-name': '',
      'token-secret': '',
      // JSON: the secret holds quotes and other characters that need escaping.
      tokens: JSON.stringify(names.map(name => ({ name, secret: `${SECRET}-${name}` })))
    })
    expect(github.issues).toEqual([])
    expect(
      github.calls.filter(call => call.method === 'POST' && call.path.endsWith('/issues'))
    ).toHaveLength(1)
    // Many tokens: the warnings are combined into one annotation.
    const warnings = result.commands.filter(c => c.command === 'warning').map(c => c.message)
    expect(warnings.join('\n')).toContain("GitHub's secondary rate limit")
    expect(warnings.join('\n')).toContain(
      'The issues of 2 more tokens were not updated in this run'
    )
  })
})
