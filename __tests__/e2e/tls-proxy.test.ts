/**
 * Certificates, proxies and debug lines. A run that needs the process's own start
 * (NODE_EXTRA_CA_CERTS is read then, BLOCK_DNS is preloaded) goes through the bundle; the others
 * run in this process.
 */
import { BLOCK_DNS } from '../fakes/block-dns.js'
import { ConnectProxy } from '../fakes/connect-proxy.js'
import { createTestPki, type TestPki } from '../fakes/certificates.js'
import { FakeTableauServer, inDays, type FakeTableauOptions } from '../fakes/tableau-server.js'
import { runAction, visibleText, type ActionRun } from '../fakes/run-action.js'
import { runInProcess } from '../fakes/run-in-process.js'
import { leakedSecrets, testSecret } from '../fakes/secrets.js'

const SECRET = testSecret()
const servers: FakeTableauServer[] = []
let pki: TestPki

beforeAll(() => {
  pki = createTestPki()
})
afterAll(() => pki.remove())
afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.stop()))
})

async function fake(options: Partial<FakeTableauOptions> = {}): Promise<FakeTableauServer> {
  const server = new FakeTableauServer({
    tokens: [{ name: 'bot', secret: SECRET, site: '' }],
    ...options
  })
  servers.push(server)
  await server.start()
  return server
}

async function run(
  serverUrl: string,
  env: Record<string, string> = {},
  inputs: Record<string, string> = {}
): Promise<ActionRun> {
  const result = await (env['NODE_EXTRA_CA_CERTS'] ? runAction : runInProcess)({
    inputs: { 'server-url': serverUrl, 'token-name': 'bot', 'token-secret': SECRET, ...inputs },
    env
  })
  expect(
    leakedSecrets(visibleText(result), [SECRET, ...servers.flatMap(s => s.issuedSessionTokens)])
  ).toEqual([])
  return result
}

const errorText = (result: ActionRun): string =>
  result.commands.find(c => c.command === 'error')?.message ?? ''

describe('TLS', () => {
  it('fails on a private CA with a hint to NODE_EXTRA_CA_CERTS, without retrying', async () => {
    const server = await fake({ tls: pki.leaf('tableau', 'IP:127.0.0.1') })
    const result = await run(server.url)
    expect(result.outputs['status']).toBe('error')
    expect(errorText(result)).toMatch(
      /unknown \(private\) certificate authority|cannot be verified/
    )
    expect(errorText(result)).toContain('NODE_EXTRA_CA_CERTS=/path/to/ca.pem')
    expect(errorText(result)).not.toContain('attempts')
    expect(server.requests).toEqual([])
  })

  it('succeeds when the runner trusts the CA through NODE_EXTRA_CA_CERTS', async () => {
    const server = await fake({ tls: pki.leaf('tableau', 'IP:127.0.0.1') })
    const result = await run(server.url, { NODE_EXTRA_CA_CERTS: pki.caPath })
    expect(result.outputs).toMatchObject({ status: 'ok', refreshed: 'true' })
    expect(server.requestsTo('/auth/signout')).toHaveLength(1)
  })

  it('names a self-signed certificate', async () => {
    const server = await fake({ tls: pki.selfSigned('IP:127.0.0.1') })
    const result = await run(server.url)
    expect(result.outputs['status']).toBe('error')
    expect(errorText(result)).toContain('the server uses a self-signed certificate')
  })

  it('names a certificate for another host', async () => {
    const server = await fake({ tls: pki.leaf('elsewhere', 'DNS:tableau.example.com') })
    const result = await run(server.url, { NODE_EXTRA_CA_CERTS: pki.caPath })
    expect(result.outputs['status']).toBe('error')
    expect(errorText(result)).toContain(
      'the certificate does not match the host name in server-url'
    )
  })

  it('names an expired certificate', async () => {
    const server = await fake({ tls: pki.leaf('expired', 'IP:127.0.0.1', -1) })
    const result = await run(server.url, { NODE_EXTRA_CA_CERTS: pki.caPath })
    expect(result.outputs['status']).toBe('error')
    expect(errorText(result)).toContain('the server certificate has expired (CERT_HAS_EXPIRED)')
  })

  it('never follows a sign-in redirect from https to http', async () => {
    const plain = await fake()
    const secure = await fake({
      tls: pki.leaf('tableau', 'IP:127.0.0.1'),
      faults: {
        signIn: { kind: 'redirect', status: 301, location: `${plain.url}/api/3.6/auth/signin` }
      }
    })
    const result = await run(secure.url, { NODE_EXTRA_CA_CERTS: pki.caPath })
    expect(result.outputs['status']).toBe('error')
    expect(errorText(result)).toContain(
      'which drops https; not followed, so the token is not sent there'
    )
    expect(plain.requests).toEqual([])
  })
})

describe('proxies', () => {
  // http-client never proxies 127.x or localhost; this IPv4-mapped address still reaches 127.0.0.1.
  const mapped = (server: FakeTableauServer): string =>
    server.url.replace('127.0.0.1', '[::ffff:127.0.0.1]')
  let proxy: ConnectProxy
  beforeEach(async () => {
    proxy = new ConnectProxy()
    await proxy.start()
  })
  afterEach(() => proxy.stop())

  it('sends every request through http_proxy', async () => {
    const server = await fake()
    const result = await run(mapped(server), { http_proxy: proxy.url })
    expect(result.outputs['status']).toBe('ok')
    expect(server.requests.map(r => r.path).sort()).toEqual([
      '/api/2.4/serverinfo',
      '/api/3.24/auth/signout',
      '/api/3.6/auth/signin'
    ])
    expect(proxy.targets.length).toBeGreaterThanOrEqual(1)
    const port = new URL(server.url).port
    for (const target of proxy.targets) expect(target).toMatch(new RegExp(`:${port}$`))
  })

  it('sends https requests through https_proxy', async () => {
    // A name only the proxy knows; the child's DNS is blocked, so a direct attempt fails at once.
    const named = new ConnectProxy({ 'tableau.test': '127.0.0.1' })
    await named.start()
    try {
      const server = await fake({ tls: pki.leaf('named', 'DNS:tableau.test') })
      const url = `https://tableau.test:${new URL(server.url).port}`
      const result = await runAction({
        inputs: { 'server-url': url, 'token-name': 'bot', 'token-secret': SECRET },
        env: { https_proxy: named.url, NODE_EXTRA_CA_CERTS: pki.caPath },
        nodeArgs: ['--import', BLOCK_DNS]
      })
      expect(result.outputs['status']).toBe('ok')
      expect(named.targets).toContain(`tableau.test:${new URL(server.url).port}`)
      expect(server.requestsTo('/auth/signout')).toHaveLength(1)

      // Without the proxy the name leads nowhere: the proxy was what reached the server.
      const direct = await runAction({
        inputs: { 'server-url': url, 'token-name': 'bot', 'token-secret': SECRET, retries: '0' },
        env: { NODE_EXTRA_CA_CERTS: pki.caPath },
        nodeArgs: ['--import', BLOCK_DNS]
      })
      expect(direct.outputs['status']).toBe('error')
      expect(direct.stdout).toContain('the host name could not be resolved')
    } finally {
      await named.stop()
    }
  })

  it('follows the Tableau Cloud pod redirect over https, and says to use the pod', async () => {
    // online.tableau.com and its pod, reached on this machine through a proxy that knows them.
    const pod = await fake({
      platform: 'cloud',
      tls: pki.leaf('pod', 'DNS:10ay.online.tableau.com'),
      tokens: [{ name: 'bot', secret: SECRET, site: 'finance', expiresAt: inDays(100) }]
    })
    const front = await fake({
      platform: 'cloud',
      tls: pki.leaf('front', 'DNS:online.tableau.com'),
      faults: {
        signIn: {
          kind: 'redirect',
          status: 301,
          location: 'https://10ay.online.tableau.com/api/3.6/auth/signin'
        }
      }
    })
    const cloud = new ConnectProxy({
      'online.tableau.com': `127.0.0.1:${new URL(front.url).port}`,
      '10ay.online.tableau.com': `127.0.0.1:${new URL(pod.url).port}`
    })
    await cloud.start()
    try {
      const result = await runAction({
        inputs: {
          'server-url': 'https://online.tableau.com',
          site: 'finance',
          'token-name': 'bot',
          'token-secret': SECRET
        },
        env: { https_proxy: cloud.url, NODE_EXTRA_CA_CERTS: pki.caPath },
        nodeArgs: ['--import', BLOCK_DNS]
      })
      expect(result.outputs).toMatchObject({
        status: 'ok',
        platform: 'cloud',
        'days-until-expiry': '100'
      })
      expect(result.commands).toContainEqual(
        expect.objectContaining({
          command: 'notice',
          message:
            'Tableau redirected the sign-in from https://online.tableau.com to https://10ay.online.tableau.com. Set server-url to https://10ay.online.tableau.com to skip the redirect.'
        })
      )
      expect(pod.requestsTo('/auth/signin')).toHaveLength(1)
      expect(pod.requestsTo('/auth/signout')).toHaveLength(1)
      expect(leakedSecrets(visibleText(result), [SECRET, ...pod.issuedSessionTokens])).toEqual([])
    } finally {
      await cloud.stop()
    }
  })

  it('goes direct for hosts in no_proxy', async () => {
    const server = await fake()
    const result = await run(mapped(server), {
      http_proxy: proxy.url,
      no_proxy: 'example.com,[::ffff:7f00:1]'
    })
    expect(result.outputs['status']).toBe('ok')
    expect(proxy.targets).toEqual([])
  })
})

describe('debug lines', () => {
  it('logs method, path, status and duration with RUNNER_DEBUG=1, never bodies', async () => {
    const server = await fake()
    const result = await run(server.url, { RUNNER_DEBUG: '1' })
    const debug = result.commands.filter(c => c.command === 'debug').map(c => c.message)
    expect(debug).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^POST \/api\/3\.6\/auth\/signin -> HTTP 200 in \d+ ms$/),
        expect.stringMatching(/^GET \/api\/2\.4\/serverinfo -> HTTP 200 in \d+ ms$/),
        expect.stringMatching(/^POST \/api\/3\.24\/auth\/signout -> HTTP 204 in \d+ ms$/)
      ])
    )
    expect(result.stdout).not.toContain('personalAccessTokenName')
  })

  it('logs nothing of the kind without it', async () => {
    const server = await fake()
    const result = await run(server.url)
    expect(result.commands.filter(c => c.command === 'debug')).toEqual([])
  })
})
