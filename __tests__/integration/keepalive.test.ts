/** keepAlive() over real HTTP against the fake Tableau server on 127.0.0.1. */
import { keepAlive } from '../../src/token/keepalive.js'
import type { TokenSettings } from '../../src/token/settings.js'
import {
  FakeTableauServer,
  inDays,
  type FakeTableauOptions,
  type FakeToken
} from '../fakes/tableau-server.js'
import { leakedSecrets, testSecret } from '../fakes/secrets.js'
import type { TokenResult } from '../../src/core/types.js'

const SECRET = testSecret()
const TOKEN: FakeToken = { name: 'extract-bot', secret: SECRET, site: 'finance' }
const servers: FakeTableauServer[] = []

afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.stop()))
})

async function fake(
  options: Partial<FakeTableauOptions> & { tokens?: FakeToken[] } = {}
): Promise<FakeTableauServer> {
  const server = new FakeTableauServer({ tokens: [TOKEN], ...options })
  servers.push(server)
  await server.start()
  return server
}

interface Run {
  result: TokenResult
  logs: string[]
  masked: string[]
}

async function check(
  server: FakeTableauServer,
  overrides: Partial<TokenSettings> = {}
): Promise<Run> {
  const logs: string[] = []
  const masked: string[] = []
  const result = await keepAlive(
    {
      serverUrl: new URL(server.url),
      site: 'finance',
      tokenName: 'extract-bot',
      idleDays: 15,
      tokenSecret: SECRET,
      platform: 'auto',
      apiVersion: 'auto',
      warnDays: 30,
      failDays: 7,
      timeoutMs: 5000,
      retries: 0,
      ...overrides
    },
    { log: line => logs.push(line), mask: secret => masked.push(secret) }
  )
  const everything = JSON.stringify(result) + logs.join('\n')
  expect(leakedSecrets(everything, [SECRET, ...server.issuedSessionTokens])).toEqual([])
  return { result, logs, masked }
}

const paths = (server: FakeTableauServer): string[] =>
  server.requests.map(request => `${request.method} ${request.path}`)

describe('Tableau Server', () => {
  it('refreshes, reads the expiry from the sign-in, and signs out with the detected version', async () => {
    const server = await fake({
      tokens: [{ ...TOKEN, expiresAt: inDays(200) }],
      restApiVersion: '3.19'
    })
    const { result, masked, logs } = await check(server)
    expect(result).toMatchObject({
      status: 'ok',
      platform: 'server',
      refreshed: true,
      daysUntilExpiry: 200,
      expirySource: 'sign-in',
      apiVersion: '3.19',
      warnings: []
    })
    expect(result.expiresAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    expect(Date.parse(result.refreshBy!) - Date.now()).toBeGreaterThan(15 * 86_400_000 - 60_000)
    expect(paths(server).sort()).toEqual([
      'GET /api/2.4/serverinfo',
      'POST /api/3.19/auth/signout',
      'POST /api/3.6/auth/signin'
    ])
    expect(server.activeSessions()).toEqual([])
    expect(masked).toEqual([server.issuedSessionTokens[0]])
    expect(logs.join('\n')).toMatch(/Signed in[\s\S]*expires on[\s\S]*Signed out/)
  })

  it('sends the credentials as JSON and asks for JSON', async () => {
    const server = await fake()
    await check(server)
    const signIn = server.requestsTo('/auth/signin')[0]!
    expect(signIn.headers['content-type']).toBe('application/json')
    expect(signIn.headers['accept']).toBe('application/json')
    expect(JSON.parse(signIn.body)).toEqual({
      credentials: {
        personalAccessTokenName: 'extract-bot',
        personalAccessTokenSecret: SECRET,
        site: { contentUrl: 'finance' }
      }
    })
    const signOut = server.requestsTo('/auth/signout')[0]!
    expect(signOut.headers['x-tableau-auth']).toBe(server.issuedSessionTokens[0])
  })

  it('runs server info while the sign-in is in flight, not before it', async () => {
    const server = await fake({ latencyMs: 150 })
    const { result } = await check(server)
    expect(result.status).toBe('ok')
    const info = server.requestsTo('/serverinfo')[0]!
    const signIn = server.requestsTo('/auth/signin')[0]!
    const signOut = server.requestsTo('/auth/signout')[0]!
    expect(info.startedAt).toBeLessThan(signIn.endedAt!)
    expect(signIn.startedAt).toBeLessThan(info.endedAt!)
    expect(signOut.startedAt).toBeGreaterThanOrEqual(signIn.endedAt!)
  })

  it('reports unknown expiry as ok with no expiry source, and never lists tokens on Server', async () => {
    const server = await fake()
    const { result } = await check(server)
    expect(result).toMatchObject({ status: 'ok', expirySource: 'none' })
    expect([result.daysUntilExpiry, result.expiresAt]).toEqual([undefined, undefined])
    expect(server.requestsTo('personal-access-tokens')).toEqual([])
    expect(result.message).toContain('does not say when it expires')
  })

  it('skips server info when api-version is given', async () => {
    const server = await fake()
    const { result } = await check(server, { apiVersion: '3.21' })
    expect(result.apiVersion).toBe('3.21')
    expect(paths(server)).toEqual(['POST /api/3.21/auth/signin', 'POST /api/3.21/auth/signout'])
  })

  it('carries on with a warning when server info fails', async () => {
    const server = await fake({
      faults: { serverInfo: { kind: 'status', status: 500, body: '<html>oops</html>' } }
    })
    const { result } = await check(server)
    expect(result).toMatchObject({ status: 'ok', refreshed: true, apiVersion: '3.6' })
    expect(result.warnings).toEqual([
      expect.stringContaining('Could not detect the REST API version (server info failed (HTTP 500')
    ])
    expect(server.requestsTo('/api/3.6/auth/signout')).toHaveLength(1)
  })

  it('warns but stays ok when sign-out fails', async () => {
    const server = await fake({
      faults: { signOut: { kind: 'status', status: 500, body: 'down' } }
    })
    const { result } = await check(server)
    expect(result).toMatchObject({ status: 'ok', refreshed: true })
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^Sign-out failed \(sign-out failed \(HTTP 500.*The token was still refreshed/
      )
    ])
  })

  it('ends another session of the same PAT (the one-session rule the README warns about)', async () => {
    const server = await fake()
    const other = await fetch(`${server.url}/api/3.6/auth/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        credentials: {
          personalAccessTokenName: 'extract-bot',
          personalAccessTokenSecret: SECRET,
          site: { contentUrl: 'finance' }
        }
      })
    })
    const otherToken = ((await other.json()) as { credentials: { token: string } }).credentials
      .token
    await check(server)
    const later = await fetch(`${server.url}/api/3.6/auth/signout`, {
      method: 'POST',
      headers: { 'X-Tableau-Auth': otherToken }
    })
    expect(later.status).toBe(401)
  })
})

describe('Tableau Cloud', () => {
  const cloud = { platform: 'cloud' as const }

  it.each(['array', 'nested', 'single'] as const)(
    'reads the expiry from the token list (%s shape) when sign-in does not say',
    async shape => {
      const server = await fake({
        ...cloud,
        tokenListShape: shape,
        tokens: [{ ...TOKEN, expiresAt: inDays(90), reportOnSignIn: false }]
      })
      const { result } = await check(server, cloud)
      expect(result).toMatchObject({
        status: 'ok',
        platform: 'cloud',
        daysUntilExpiry: 90,
        expirySource: 'token-list',
        apiVersion: '3.24'
      })
      expect(paths(server)).toContain(
        'GET /api/3.24/sites/site-finance-0000-4000-8000-000000000000/users/user-extract-bot/personal-access-tokens'
      )
      expect(server.requestsTo('personal-access-tokens')[0]!.headers['x-tableau-auth']).toBe(
        server.issuedSessionTokens[0]
      )
    }
  )

  it('picks the token with exactly this name from a list with others', async () => {
    const server = await fake({
      ...cloud,
      tokens: [
        { ...TOKEN, expiresAt: inDays(20), reportOnSignIn: false, userId: 'u1' },
        {
          name: 'extract-bot-2',
          secret: 'other',
          site: 'finance',
          expiresAt: inDays(3),
          userId: 'u1'
        },
        {
          name: 'Extract-Bot',
          secret: 'other2',
          site: 'finance',
          expiresAt: inDays(1),
          userId: 'u1'
        }
      ]
    })
    const { result } = await check(server, cloud)
    expect(result).toMatchObject({
      status: 'warning',
      daysUntilExpiry: 20,
      expirySource: 'token-list'
    })
  })

  it('does not list tokens when the sign-in already reported the expiry (no extra round trip)', async () => {
    const server = await fake({ ...cloud, tokens: [{ ...TOKEN, expiresAt: inDays(12) }] })
    const { result } = await check(server, cloud)
    expect(result).toMatchObject({
      status: 'warning',
      daysUntilExpiry: 12,
      expirySource: 'sign-in'
    })
    expect(server.requestsTo('personal-access-tokens')).toEqual([])
  })

  it.each([
    [40, 'ok'],
    [30, 'ok'],
    [29, 'warning'],
    [7, 'warning'],
    [6, 'critical'],
    [0, 'critical']
  ])('%p days left is %s', async (days, status) => {
    const server = await fake({
      ...cloud,
      tokens: [{ ...TOKEN, expiresAt: inDays(days), reportOnSignIn: false }]
    })
    const { result } = await check(server, cloud)
    expect(result).toMatchObject({ status, daysUntilExpiry: days })
  })

  it('says the expiry is unknown when the list lacks the token', async () => {
    const server = await fake({ ...cloud, tokens: [{ ...TOKEN, reportOnSignIn: false }] })
    const { result } = await check(server, cloud)
    expect(result).toMatchObject({ status: 'ok', expirySource: 'none' })
    expect(result.warnings).toEqual([
      'Expiry unknown: the token list of this user has no token named "extract-bot" (0 listed).'
    ])
  })

  it('says the expiry is unknown when the list call fails, and still signs out', async () => {
    const server = await fake({
      ...cloud,
      faults: { tokenList: { kind: 'status', status: 500, body: 'boom' } },
      tokens: [{ ...TOKEN, reportOnSignIn: false }]
    })
    const { result } = await check(server, cloud)
    expect(result).toMatchObject({ status: 'ok', expirySource: 'none', refreshed: true })
    expect(result.warnings[0]).toMatch(/^Expiry unknown: token list failed \(HTTP 500/)
    expect(server.requestsTo('/auth/signout')).toHaveLength(1)
  })

  it('lists tokens at 3.21 when server info failed', async () => {
    const server = await fake({
      ...cloud,
      faults: { serverInfo: { kind: 'status', status: 404 } },
      tokens: [{ ...TOKEN, expiresAt: inDays(50), reportOnSignIn: false }]
    })
    const { result } = await check(server, cloud)
    expect(result).toMatchObject({
      status: 'ok',
      expirySource: 'token-list',
      apiVersion: '3.21',
      daysUntilExpiry: 50
    })
  })
})

describe('failures', () => {
  it('is invalid on a wrong secret, tries exactly once and does not sign out', async () => {
    const server = await fake({ tokens: [{ ...TOKEN, secret: 'the-real-one' }] })
    const { result } = await check(server)
    expect(result).toMatchObject({ status: 'invalid', refreshed: false })
    expect(result.refreshBy).toBeUndefined()
    expect(result.message).toMatch(
      /^Sign-in rejected \(HTTP 401, Tableau error 401001, Signin Error: Error signing in to Tableau Server\)/
    )
    expect(server.requestsTo('/auth/signin')).toHaveLength(1)
    expect(server.requestsTo('/auth/signout')).toHaveLength(0)
  })

  it('is invalid for an expired token', async () => {
    const server = await fake({ tokens: [{ ...TOKEN, expiresAt: inDays(-2) }] })
    expect((await check(server)).result.status).toBe('invalid')
  })

  it('reads an XML error body whatever was asked for', async () => {
    const body =
      '<?xml version="1.0"?><tsResponse xmlns="http://tableau.com/api"><error code="401001"><summary>Signin Error</summary><detail>Bad</detail></error></tsResponse>'
    const server = await fake({
      faults: { signIn: { kind: 'status', status: 401, body, contentType: 'application/xml' } }
    })
    const { result } = await check(server)
    expect(result).toMatchObject({ status: 'invalid' })
    expect(result.message).toContain('Tableau error 401001')
  })

  it('is an error, quoting a short excerpt, when an SSO page answers the sign-in', async () => {
    const page = `<!DOCTYPE html><html><head><title>Login</title></head><body>Please sign in with SSO ${'.'.repeat(2000)}</body></html>`
    const server = await fake({ faults: { signIn: { kind: 'status', status: 200, body: page } } })
    const { result } = await check(server)
    expect(result.status).toBe('error')
    expect(result.message).toContain(
      'sign-in failed: HTTP 200 (text/html) was not a Tableau REST API answer; it began: "Login Please sign in with SSO'
    )
    expect(result.message.length).toBeLessThan(500)
  })

  it('is an error, in bounded time, when the sign-in hangs', async () => {
    const server = await fake({ faults: { signIn: { kind: 'hang' } } })
    const started = Date.now()
    const { result } = await check(server, { timeoutMs: 300 })
    expect(Date.now() - started).toBeLessThan(3000)
    expect(result).toMatchObject({ status: 'error', refreshed: false })
    expect(result.message).toContain('no complete answer within the timeout (timeout-seconds: 0.3)')
  })

  it('is an error when nothing listens', async () => {
    const server = await fake()
    const url = server.url
    await server.stop()
    servers.pop()
    const logs: string[] = []
    const result = await keepAlive(
      {
        serverUrl: new URL(url),
        site: '',
        tokenName: 'x',
        idleDays: 15,
        tokenSecret: SECRET,
        platform: 'auto',
        apiVersion: 'auto',
        warnDays: 30,
        failDays: 7,
        timeoutMs: 2000,
        retries: 0
      },
      { log: line => logs.push(line), mask: () => {} }
    )
    expect(result.status).toBe('error')
    expect(result.message).toContain('the connection was refused')
  })

  it('redacts a secret that a server echoes back', async () => {
    const body = JSON.stringify({
      error: { code: '401001', summary: 'Signin Error', detail: `bad secret ${SECRET}` }
    })
    const server = await fake({
      faults: { signIn: { kind: 'status', status: 401, body, contentType: 'application/json' } }
    })
    const { result } = await check(server) // check() asserts nothing leaked
    expect(result.message).toContain('bad secret ***')
  })
})

describe('sign-in redirects', () => {
  // The pod redirect between Tableau Cloud hosts is followed in the end-to-end TLS tests, where
  // real host names and https can be used.
  it('re-posts a redirect on the same origin', async () => {
    const server = await fake({ tokens: [{ ...TOKEN, expiresAt: inDays(100) }] })
    server.options.faults = {
      signIn: { kind: 'redirect', status: 307, location: '/api/3.6/auth/signin', times: 1 }
    }
    const { result } = await check(server)
    expect(result).toMatchObject({ status: 'ok', refreshed: true, daysUntilExpiry: 100 })
    expect(result.notices).toEqual([])
    expect(server.requestsTo('/auth/signin')).toHaveLength(2)
    expect(server.requestsTo('/auth/signout')).toHaveLength(1)
  })

  it('never re-sends the secret to another port of the same host', async () => {
    const other = await fake({ tokens: [{ ...TOKEN, expiresAt: inDays(100) }] })
    const front = await fake({
      faults: {
        signIn: { kind: 'redirect', status: 301, location: `${other.url}/api/3.6/auth/signin` }
      }
    })
    const { result } = await check(front)
    expect(result.status).toBe('error')
    expect(result.message).toContain(`redirected to ${other.url}, another origin`)
    expect(other.requests).toEqual([])
  })

  it('stops a redirect loop after 3 hops', async () => {
    const front = await fake()
    front.options.faults = {
      signIn: { kind: 'redirect', status: 307, location: `${front.url}/api/3.6/auth/signin` }
    }
    const { result } = await check(front)
    expect(result.status).toBe('error')
    expect(result.message).toContain('redirected more than 3 times')
    expect(front.requestsTo('/auth/signin')).toHaveLength(4)
  })

  it('does not post the token to another page or host', async () => {
    const front = await fake({
      faults: { signIn: { kind: 'redirect', status: 302, location: '/login?next=%2F' } }
    })
    const { result } = await check(front)
    expect(result.status).toBe('error')
    expect(result.message).toContain('not the same REST API call')
    expect(front.requestsTo('/login')).toHaveLength(0)

    const away = await fake({
      faults: {
        signIn: {
          kind: 'redirect',
          status: 308,
          location: 'http://127.0.0.2:9/api/3.6/auth/signin'
        }
      }
    })
    expect((await check(away)).result.message).toContain('another origin')
  })
})
