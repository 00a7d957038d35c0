/**
 * The bundled action, run as the runner runs it, against the fake Tableau server; the warnings
 * for a failed server info or sign-out, and all but one input error, run in this process.
 */
import { FakeTableauServer, inDays, type FakeTableauOptions } from '../fakes/tableau-server.js'
import { runAction, visibleText, type ActionRun } from '../fakes/run-action.js'
import { runInProcess, type Launch } from '../fakes/run-in-process.js'
import { leakedSecrets, testSecret } from '../fakes/secrets.js'

const SECRET = testSecret()
const servers: FakeTableauServer[] = []

afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.stop()))
})

async function fake(options: Partial<FakeTableauOptions> = {}): Promise<FakeTableauServer> {
  const server = new FakeTableauServer({
    tokens: [{ name: 'extract-bot', secret: SECRET, site: 'finance' }],
    ...options
  })
  servers.push(server)
  await server.start()
  return server
}

async function run(
  server: FakeTableauServer | undefined,
  inputs: Record<string, string> = {},
  via: Launch = runAction
): Promise<ActionRun> {
  const result = await via({
    inputs: {
      'server-url': server?.url ?? 'http://127.0.0.1:9',
      site: 'finance',
      'token-name': 'extract-bot',
      'token-secret': SECRET,
      ...inputs
    }
  })
  expect(
    leakedSecrets(visibleText(result), [SECRET, ...(server?.issuedSessionTokens ?? [])])
  ).toEqual([])
  expect(result.stderr).not.toMatch(/\n\s+at /) // no stack trace
  return result
}

const annotations = (result: ActionRun, level: string) =>
  result.commands.filter(command => command.command === level)

describe('the bundled action', () => {
  it('keeps a Tableau Server token alive: outputs, masks, summary, log lines', async () => {
    const server = await fake({ restApiVersion: '3.22' })
    const result = await run(server)
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toEqual({
      status: 'ok',
      platform: 'server',
      refreshed: 'true',
      'days-until-expiry': '',
      'expires-at': '',
      'expiry-source': 'none',
      'refresh-by': expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      'api-version': '3.22',
      results: expect.any(String),
      'issue-number': '',
      'issue-url': '',
      'issue-action': 'none',
      changed: '', // known only with open-issue
      // No workflow around this run (no GITHUB_WORKFLOW_REF): no schedule to tell of.
      'schedule-gap-days': '',
      'results-omitted': '0',
      'results-file': expect.stringMatching(/tableau-pat-keepalive-.*\.json$/),
      'next-run': ''
    })
    expect(JSON.parse(result.outputs['results']!)).toEqual([
      expect.objectContaining({
        name: 'extract-bot',
        site: 'finance',
        status: 'ok',
        refreshed: true,
        apiVersion: '3.22',
        error: null
      })
    ])
    const masks = result.commands
      .filter(command => command.command === 'add-mask')
      .map(command => command.message)
    expect(masks).toEqual([SECRET, server.issuedSessionTokens[0]])
    expect(annotations(result, 'warning')).toEqual([])
    expect(annotations(result, 'error')).toEqual([])
    expect(result.summary).toContain(
      '<th>Token</th><th>Site</th><th>Server</th><th>Platform</th><th>Status</th><th>Days left</th><th>Expires at</th><th>Refresh by</th><th>API version</th>'
    )
    expect(result.summary).toContain(
      `<td>extract-bot</td><td>finance</td><td>${server.url}</td><td>Tableau Server</td><td>✅ ok</td><td>unknown</td>`
    )
    expect(result.stdout).toMatch(
      /Tableau Server at http:\/\/127\.0\.0\.1:\d+ \(detected from the host name\)/
    )
    expect(result.stdout).toContain('Signed out')
    expect(server.activeSessions()).toEqual([])
  })

  it('reports a healthy Tableau Cloud token', async () => {
    const server = await fake({
      platform: 'cloud',
      tokens: [
        {
          name: 'extract-bot',
          secret: SECRET,
          site: 'finance',
          expiresAt: inDays(120),
          reportOnSignIn: false
        }
      ]
    })
    const result = await run(server, { platform: 'cloud' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({
      status: 'ok',
      platform: 'cloud',
      'days-until-expiry': '120',
      'expiry-source': 'token-list',
      'api-version': '3.24'
    })
    expect(result.outputs['expires-at']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  })

  it('warns on a Cloud token with fewer than warn-days left, and passes', async () => {
    const server = await fake({
      platform: 'cloud',
      tokens: [{ name: 'extract-bot', secret: SECRET, site: 'finance', expiresAt: inDays(12) }]
    })
    const result = await run(server, { platform: 'cloud' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({
      status: 'warning',
      'days-until-expiry': '12',
      'expiry-source': 'sign-in'
    })
    const [warning] = annotations(result, 'warning')
    expect(warning?.properties['title']).toBe('Tableau PAT expires in 12 days')
    expect(warning?.message).toContain(`Token "extract-bot" (site "finance" on ${server.url})`)
    expect(warning?.message).toContain('update the secret passed as token-secret')
    expect(result.summary).toContain('⚠️ warning')
  })

  it('fails on a Cloud token with fewer than fail-days left', async () => {
    const server = await fake({
      platform: 'cloud',
      tokens: [{ name: 'extract-bot', secret: SECRET, site: 'finance', expiresAt: inDays(3) }]
    })
    const result = await run(server, { platform: 'cloud', 'warn-days': '14', 'fail-days': '5' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({
      status: 'critical',
      'days-until-expiry': '3',
      refreshed: 'true'
    })
    expect(annotations(result, 'error').map(error => error.properties['title'])).toEqual([
      'Tableau PAT expires in 3 days'
    ])
  })

  it('fails as invalid on a rejected token, with the causes and one sign-in attempt', async () => {
    const server = await fake({
      tokens: [{ name: 'extract-bot', secret: 'the-current-secret', site: 'finance' }]
    })
    const result = await run(server)
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({
      status: 'invalid',
      refreshed: 'false',
      'refresh-by': '',
      'days-until-expiry': ''
    })
    const [error] = annotations(result, 'error')
    expect(error?.properties['title']).toBe('Tableau PAT rejected')
    expect(error?.message).toContain('Tableau error 401001')
    expect(error?.message).toContain('the token was revoked')
    expect(server.requestsTo('/auth/signin')).toHaveLength(1)
  })

  it('carries on when server info fails, with a warning', async () => {
    const server = await fake({
      faults: {
        serverInfo: {
          kind: 'status',
          status: 503,
          body: '<html><body>Service Unavailable</body></html>'
        }
      }
    })
    const result = await run(server, {}, runInProcess)
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'ok', 'api-version': '3.6', refreshed: 'true' })
    expect(annotations(result, 'warning')[0]?.message).toContain(
      'Could not detect the REST API version (server info failed (HTTP 503, text/html, answer began: "Service Unavailable")'
    )
  })

  it('only warns when sign-out fails', async () => {
    const server = await fake({ faults: { signOut: { kind: 'status', status: 500 } } })
    const result = await run(server, {}, runInProcess)
    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('ok')
    expect(annotations(result, 'warning')[0]?.message).toContain('Sign-out failed')
  })

  it('fails as error when the server cannot be reached, with outputs set', async () => {
    const result = await run(undefined, { 'timeout-seconds': '2' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({
      status: 'error',
      refreshed: 'false',
      'expiry-source': 'none'
    })
    expect(annotations(result, 'error')[0]?.message).toContain('could not reach http://127.0.0.1:9')
  })

  // The first through the bundle; the others, input checks alone, in this process.
  it.each<[Record<string, string>, string, Launch]>([
    [{ 'warn-days': 'soon' }, 'warn-days must be a whole number of days, got "soon"', runAction],
    [{ 'fail-days': '40' }, 'fail-days (40) must not be greater than warn-days (30)', runInProcess],
    [{ 'server-url': 'tableau.example.com' }, 'server-url must be a full address', runInProcess],
    [{ platform: 'desktop' }, 'platform must be one of auto, server, cloud', runInProcess],
    [{ 'api-version': 'newest' }, 'api-version must be "auto" or a version', runInProcess],
    [
      { 'timeout-seconds': '-3' },
      'timeout-seconds must be a number of seconds above 0',
      runInProcess
    ],
    [{ 'token-secret': '' }, 'token-secret is empty', runInProcess],
    [{ 'token-name': '' }, 'token-name is empty', runInProcess]
  ])('rejects bad input %j before any request', async (inputs, message, via) => {
    const server = await fake()
    const result = await run(server, inputs, via)
    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('error')
    const errors = annotations(result, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.properties['title']).toBe('Invalid input')
    expect(errors[0]?.message).toContain(message)
    expect(server.requests).toEqual([])
  })
})
