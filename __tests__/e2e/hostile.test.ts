/**
 * Hostile servers and networks (issue #15): the secret goes only to its origin, GitHub cannot
 * stall the step, and odd answers get honest messages. A run with made-up host names goes through
 * the bundle with DNS blocked, and so do the stalls (a hang is a process's); the rest run in this
 * process.
 */
import { BLOCK_DNS } from '../fakes/block-dns.js'
import { createTestPki, type TestPki } from '../fakes/certificates.js'
import { ConnectProxy } from '../fakes/connect-proxy.js'
import { FakeGitHub } from '../fakes/github-server.js'
import {
  FakeTableauServer,
  inDays,
  type FakeTableauOptions,
  type FakeToken
} from '../fakes/tableau-server.js'
import { runAction, visibleText, type ActionRun } from '../fakes/run-action.js'
import { itThroughTheBundle, launch } from '../fakes/run-in-process.js'
import { leakedSecrets, testSecret } from '../fakes/secrets.js'

const SECRET = testSecret()
const GITHUB_TOKEN = 'ghs_hostiletesttoken0123456789'
const servers: FakeTableauServer[] = []
let pki: TestPki

beforeAll(() => {
  pki = createTestPki()
})
afterAll(() => pki.remove())
afterEach(() => Promise.all(servers.splice(0).map(server => server.stop())))

async function fake(
  options: Partial<FakeTableauOptions> = {},
  token: Partial<FakeToken> = {}
): Promise<FakeTableauServer> {
  const server = new FakeTableauServer({
    tokens: [{ name: 'bot', secret: SECRET, site: '', ...token }],
    ...options
  })
  servers.push(server)
  await server.start()
  return server
}

async function run(
  inputs: Record<string, string>,
  options: { env?: Record<string, string>; blockDns?: boolean } = {}
): Promise<ActionRun> {
  const result = await (options.blockDns ? runAction : launch)({
    inputs: { 'token-name': 'bot', 'token-secret': SECRET, retries: '0', ...inputs },
    env: options.env,
    nodeArgs: options.blockDns ? ['--import', BLOCK_DNS] : []
  })
  // A session token of a letter or two (refused below) is no secret to search for.
  const sessions = servers.flatMap(s => s.issuedSessionTokens).filter(t => t.length >= 8)
  const secrets = [SECRET, GITHUB_TOKEN, ...sessions]
  expect(leakedSecrets(visibleText(result), secrets)).toEqual([])
  expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /)
  return result
}

const errorOf = (result: ActionRun): string =>
  result.commands.find(c => c.command === 'error')?.message ?? ''
const warningsOf = (result: ActionRun): string =>
  result.commands
    .filter(c => c.command === 'warning')
    .map(c => c.message)
    .join('\n')

describe('redirects: a sign-in is re-sent only to its own origin or between Tableau Cloud pods', () => {
  it('not to another port of the same host', async () => {
    const other = await fake()
    const front = await fake({
      faults: {
        signIn: { kind: 'redirect', status: 307, location: `${other.url}/api/3.6/auth/signin` }
      }
    })
    const result = await run({ 'server-url': front.url })
    expect(result.exitCode).toBe(1)
    expect(errorOf(result)).toContain(`redirected to ${other.url}, another origin; not followed`)
    expect(errorOf(result)).toContain('Set server-url to')
    expect(other.requests).toEqual([])
  })

  it.each([
    ['https://tableau.co.uk', 'https://attacker.co.uk', 'another origin'],
    ['https://tableau.example.com', 'https://evil.example.com', 'another origin'],
    ['http://tableau.example.com', 'http://evil.example.com', 'another origin'],
    ['https://online.tableau.com', 'https://10ay.online.tableau.com:8443', 'another origin'],
    ['https://tableau.example.com', 'file:///etc/passwd', 'redirected to a file: address']
  ])('not from %s to %s', async (from, to, reason) => {
    const https = from.startsWith('https:')
    const host = new URL(from).hostname
    const front = await fake({
      platform: host.endsWith('online.tableau.com') ? 'cloud' : 'server',
      tls: https ? pki.leaf('front', `DNS:${host}`) : undefined,
      faults: {
        signIn: { kind: 'redirect', status: 301, location: `${to}/api/3.6/auth/signin` }
      }
    })
    const proxy = new ConnectProxy({ [host]: `127.0.0.1:${new URL(front.url).port}` })
    await proxy.start()
    try {
      const result = await run(
        { 'server-url': from, site: 'finance' },
        {
          env: {
            [https ? 'https_proxy' : 'http_proxy']: proxy.url,
            NODE_EXTRA_CA_CERTS: pki.caPath
          },
          blockDns: true
        }
      )
      expect(front.requestsTo('/auth/signin')).toHaveLength(1)
      expect(result.outputs['status']).toBe('error')
      expect(errorOf(result)).toContain(reason)
      expect(errorOf(result)).toContain('not followed, so the token is not sent there')
      expect(proxy.targets.every(target => target.startsWith(`${host}:`))).toBe(true)
    } finally {
      await proxy.stop()
    }
  })
})

describe('GitHub cannot hold the step', () => {
  let github: FakeGitHub
  beforeEach(async () => {
    github = new FakeGitHub()
    await github.start()
  })
  afterEach(() => github.stop())

  async function runWithIssues(inputs: Record<string, string> = {}): Promise<ActionRun> {
    const tableau = await fake({}, { expiresAt: inDays(12) })
    return run(
      {
        'server-url': tableau.url,
        'open-issue': 'true',
        'github-token': GITHUB_TOKEN,
        ...inputs
      },
      { env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: github.repository } }
    )
  }

  itThroughTheBundle(
    'a stalled API ends within (retries + 1) x timeout-seconds, as a warning',
    async () => {
      github.stalls.push(/^GET /)
      const result = await runWithIssues({ 'timeout-seconds': '1', retries: '1' })
      expect(result.exitCode).toBe(0)
      expect(result.outputs['status']).toBe('warning')
      // 2 s for GitHub, plus the process and the Tableau exchange.
      expect(result.wallMs).toBeLessThan(2000 + 1500)
      expect(warningsOf(result)).toContain('Could not list the open issues')
    }
  )

  itThroughTheBundle('a stalled write ends too', async () => {
    github.stalls.push(/^POST \/repos/)
    const result = await runWithIssues({ 'timeout-seconds': '1', retries: '0' })
    expect(result.outputs['status']).toBe('warning')
    expect(result.wallMs).toBeLessThan(1000 + 1500)
    expect(warningsOf(result)).toContain('Could not update the issue for token "bot"')
  })

  it('a next link to the same page is never followed, and said out loud (no issue opened blind)', async () => {
    github.linkHeader = page => `<${page.href}>; rel="next"`
    const result = await runWithIssues()
    expect(result.outputs['issue-action']).toBe('none')
    expect(github.calls.filter(call => call.method === 'GET')).toHaveLength(1)
    expect(warningsOf(result)).toContain('next-page link pointed back to a page already read')
  })

  it('a next link to another origin is never followed, so the token goes nowhere else', async () => {
    const elsewhere = new FakeGitHub()
    await elsewhere.start()
    try {
      github.linkHeader = page =>
        `<${elsewhere.url}${page.pathname}${page.search}&page=2>; rel="next"`
      const result = await runWithIssues()
      expect(result.outputs['issue-action']).toBe('none')
      expect(warningsOf(result)).toContain('next-page link pointed away from the API')
      expect(elsewhere.calls).toEqual([])
    } finally {
      await elsewhere.stop()
    }
  })

  it('a redirect is refused, not followed: the token goes to no other address', async () => {
    const elsewhere = new FakeGitHub()
    await elsewhere.start()
    try {
      for (const status of [301, 307])
        github.failures.push({
          match: /^GET \/repos\/acme\/analytics\/issues/,
          status,
          message: 'Moved',
          headers: { location: `${elsewhere.url}/repos/acme/analytics/issues` },
          times: 1
        })
      for (let run = 0; run < 2; run++) {
        const result = await runWithIssues()
        expect(result.outputs['issue-action']).toBe('none')
        expect(warningsOf(result)).toContain('redirect')
      }
      expect(elsewhere.calls).toEqual([])
    } finally {
      await elsewhere.stop()
    }
  })

  it('reads at most 10 pages, and says so', async () => {
    github.linkHeader = page => {
      const next = new URL(page)
      next.searchParams.set('page', String(Number(page.searchParams.get('page') ?? 1) + 1))
      return `<${next.href}>; rel="next"`
    }
    const result = await runWithIssues()
    expect(github.calls.filter(call => call.method === 'GET')).toHaveLength(10)
    expect(warningsOf(result)).toContain(
      'more than 1000 carry it, and 10 pages are read at most; give the action a label of its own with issue-labels'
    )
    expect(result.outputs['issue-action']).toBe('none')
  })

  it('a 403 secondary rate limit says GitHub is rate-limiting, not to add a permission', async () => {
    github.failures.push({
      match: /^POST \/repos\/acme\/analytics\/issues$/,
      status: 403,
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes.',
      headers: { 'retry-after': '60' }
    })
    const result = await runWithIssues()
    const warning = warningsOf(result)
    // 60 s is longer than this run's GitHub deadline: not waited out, and said so.
    expect(warning).toContain("GitHub's secondary rate limit")
    expect(warning).toContain('asked to wait 60 s')
    expect(warning).toContain('the next run updates the issues')
    expect(warning).not.toContain('issues: write')
  })
})

describe('honest messages for odd answers', () => {
  it('never quotes the password of a server-url', async () => {
    const result = await run({ 'server-url': 'ftp://user:hunter2pw@tableau.example.com' })
    expect(result.exitCode).toBe(1)
    expect(errorOf(result)).toContain('got "ftp://tableau.example.com"')
    expect(result.stdout).not.toContain('hunter2pw')
  })

  it('0:0:0 left after a good sign-in: expires now or within the day, critical', async () => {
    const server = await fake({}, { rawTimeToExpiration: '0:0:0' })
    const result = await run({ 'server-url': server.url })
    expect(result.outputs).toMatchObject({ status: 'critical', 'days-until-expiry': '0' })
    expect(errorOf(result)).toContain('expires now or within the day')
    expect(errorOf(result)).not.toContain('expired on')
  })

  it('1:99:99 is unreadable, not 5 days, with a warning naming the field', async () => {
    const server = await fake({}, { rawTimeToExpiration: '1:99:99' })
    const result = await run({ 'server-url': server.url })
    expect(result.outputs).toMatchObject({ status: 'ok', 'days-until-expiry': '' })
    expect(warningsOf(result)).toContain('(estimatedTimeToExpiration) as "1:99:99"')
  })

  it('2099-02-30 in the token list is unreadable, not the 2nd of March', async () => {
    const server = await fake(
      { platform: 'cloud' },
      { site: 'finance', reportOnSignIn: false, rawListedExpiresAt: '2099-02-30T00:00:00Z' }
    )
    const result = await run({ 'server-url': server.url, platform: 'cloud', site: 'finance' })
    expect(result.outputs).toMatchObject({ status: 'ok', 'expires-at': '' })
    expect(warningsOf(result)).toContain(
      'gives "2099-02-30T00:00:00Z" as the expiresAt of "bot", which is not an existing date and time'
    )
  })

  it('deeply nested XML is not called an empty body', async () => {
    const body = `<tsResponse>${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}</tsResponse>`
    const server = await fake({
      faults: { signIn: { kind: 'status', status: 200, contentType: 'application/xml', body } }
    })
    const result = await run({ 'server-url': server.url })
    expect(result.outputs['status']).toBe('error')
    expect(errorOf(result)).not.toContain('empty body')
    expect(errorOf(result)).toContain('bytes of markup or data with no readable text')
  })

  it('a redirect loop says how many times it was redirected', async () => {
    const server = await fake()
    server.options.faults = {
      signIn: { kind: 'redirect', status: 307, location: `${server.url}/api/3.6/auth/signin` }
    }
    const result = await run({ 'server-url': server.url })
    expect(errorOf(result)).toContain(`${server.url} redirected more than 3 times`)
  })

  it.each([['a'], ['two words here'], ['']])(
    'a session token %p that does not look like one is refused, not masked',
    async rawSessionToken => {
      const server = await fake({}, { rawSessionToken })
      const result = await run({ 'server-url': server.url })
      expect(result.outputs['status']).toBe('error')
      expect(errorOf(result)).toMatch(
        /credentials\.token (does not look like a session token|is missing)/
      )
      const masks = result.commands.filter(c => c.command === 'add-mask').map(c => c.message)
      expect(masks).toEqual([SECRET])
    }
  )
})
