/**
 * Tableau Cloud Manager tokens against a fake TCM endpoint: the first case and the one with made-up
 * host names go through the bundle; the others run in this process.
 */
import { BLOCK_DNS } from '../fakes/block-dns.js'
import { FakeTableauServer, type FakeTableauOptions } from '../fakes/tableau-server.js'
import { runAction, visibleText, type ActionRun } from '../fakes/run-action.js'
import { launch, itThroughTheBundle } from '../fakes/run-in-process.js'
import { leakedSecrets, testSecret } from '../fakes/secrets.js'
import type { ResultJson } from '../../src/report/outputs.js'

const SECRET = testSecret('tcm')
const servers: FakeTableauServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.stop()))
})

async function tcm(options: Partial<FakeTableauOptions> = {}): Promise<FakeTableauServer> {
  const server = new FakeTableauServer({
    platform: 'cloud-manager',
    tokens: [{ name: 'admin-bot', secret: SECRET, site: '' }],
    ...options
  })
  servers.push(server)
  await server.start()
  return server
}

async function run(inputs: Record<string, string>, server: FakeTableauServer): Promise<ActionRun> {
  const result = await launch({
    inputs: { 'token-name': 'admin-bot', 'token-secret': SECRET, ...inputs }
  })
  expect(leakedSecrets(visibleText(result), [SECRET, ...server.issuedSessionTokens])).toEqual([])
  return result
}

describe('Tableau Cloud Manager', () => {
  itThroughTheBundle(
    'logs in with the secret alone, masks the session, reports no expiry and calls no logout',
    async () => {
      const server = await tcm()
      const result = await run({ 'server-url': server.url, platform: 'cloud-manager' }, server)
      expect(result.exitCode).toBe(0)
      expect(result.outputs).toMatchObject({
        status: 'ok',
        platform: 'cloud-manager',
        refreshed: 'true',
        'days-until-expiry': '',
        'expires-at': '',
        'expiry-source': 'none',
        'api-version': 'v1'
      })
      expect(result.outputs['refresh-by']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
      expect(server.requests.map(r => `${r.method} ${r.path}`)).toEqual(['POST /api/v1/pat/login'])
      expect(JSON.parse(server.requests[0]!.body)).toEqual({ token: SECRET })
      const masks = result.commands.filter(c => c.command === 'add-mask').map(c => c.message)
      expect(masks).toEqual([SECRET, server.issuedSessionTokens[0]])
      expect(result.stdout).toContain('Tableau Cloud Manager at')
      expect(result.stdout).toContain('No logout: Tableau Cloud Manager documents none')
      expect(result.summary).toContain('<td>Tableau Cloud Manager</td><td>✅ ok</td>')
    }
  )

  it('is invalid when TCM rejects the token, naming the TCM causes', async () => {
    const server = await tcm({
      tokens: [{ name: 'admin-bot', secret: 'revoked-long-ago', site: '' }]
    })
    const result = await run(
      { 'server-url': server.url, platform: 'cloud-manager', retries: '3' },
      server
    )
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ status: 'invalid', refreshed: 'false' })
    const error = result.commands.find(c => c.command === 'error')!
    expect(error.properties['title']).toBe('Tableau PAT rejected')
    expect(error.message).toContain(`Token "admin-bot" (Tableau Cloud Manager ${server.url})`)
    for (const cause of [
      'revoked',
      'a site PAT was used against Tableau Cloud Manager',
      'authentication method was changed'
    ]) {
      expect(error.message).toContain(cause)
    }
    expect(server.requests).toHaveLength(1) // a rejected login is never retried
  })

  it('is an error on a server fault, after the retries', async () => {
    const server = await tcm({
      faults: {
        cloudManagerLogin: {
          kind: 'status',
          status: 502,
          body: 'Bad Gateway',
          contentType: 'text/plain'
        }
      }
    })
    const result = await run(
      { 'server-url': server.url, platform: 'cloud-manager', retries: '1' },
      server
    )
    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('error')
    expect(result.commands.find(c => c.command === 'error')?.message).toContain(
      'TCM login failed after 2 attempts (HTTP 502'
    )
  })

  it('is detected by host name, and the platform input overrides detection', async () => {
    // A *.cloudmanager.tableau.com name reaches nothing here: detection shows before any request.
    const detected = await runAction({
      inputs: {
        'server-url': 'https://acme.cloudmanager.tableau.com',
        'token-name': 'admin-bot',
        'token-secret': SECRET,
        retries: '0',
        'timeout-seconds': '1'
      },
      nodeArgs: ['--import', BLOCK_DNS]
    })
    expect(detected.outputs['platform']).toBe('cloud-manager')
    expect(detected.stdout).toContain(
      'Tableau Cloud Manager at https://acme.cloudmanager.tableau.com (detected from the host name)'
    )
    expect(detected.commands.find(c => c.command === 'error')?.message).toContain(
      'TCM login failed'
    )

    const server = await tcm()
    const overridden = await run({ 'server-url': server.url, platform: 'server' }, server)
    expect(overridden.outputs['platform']).toBe('server')
    expect(server.requestsTo('/api/v1/pat/login')).toEqual([])
  })

  it('works in a tokens list beside a site token', async () => {
    const server = await tcm()
    const site = new FakeTableauServer({
      tokens: [{ name: 'extract-bot', secret: 'site-secret', site: 'finance' }]
    })
    servers.push(site)
    await site.start()
    const tokens = JSON.stringify([
      { name: 'admin-bot', secret: SECRET, 'server-url': server.url, platform: 'cloud-manager' },
      { name: 'extract-bot', secret: 'site-secret', 'server-url': site.url, site: 'finance' }
    ])
    const result = await launch({ inputs: { tokens } })
    expect(result.exitCode).toBe(0)
    const results = JSON.parse(result.outputs['results']!) as ResultJson[]
    expect(results.map(r => [r.name, r.platform, r.status, r.apiVersion])).toEqual([
      ['admin-bot', 'cloud-manager', 'ok', 'v1'],
      ['extract-bot', 'server', 'ok', '3.24']
    ])
    expect(result.outputs['platform']).toBe('cloud-manager,server')
  })
})
