/**
 * Fitting real Tableau deployments (issue #24): a configured idle
 * window, a Server token's expiry by configuration, Server's token caps, and why a rejected
 * token was rejected. The first case goes through the bundle; the others run in this process.
 */
import { FakeTableauServer, inDays, type FakeToken } from '../fakes/tableau-server.js'
import { visibleText, type ActionRun } from '../fakes/run-action.js'
import { launch, itThroughTheBundle } from '../fakes/run-in-process.js'
import { leakedSecrets, testSecret } from '../fakes/secrets.js'
import type { ResultJson } from '../../src/report/outputs.js'

const SECRET = testSecret()
let servers: FakeTableauServer[] = []
afterEach(async () => {
  await Promise.all(servers.map(server => server.stop()))
  servers = []
})

async function fake(options: ConstructorParameters<typeof FakeTableauServer>[0]) {
  const server = new FakeTableauServer(options)
  await server.start()
  servers.push(server)
  return server
}

async function run(
  inputs: Record<string, string>,
  secrets: string[] = [SECRET]
): Promise<ActionRun> {
  const result = await launch({
    inputs: { 'check-schedule': 'false', retries: '0', ...inputs },
    env: {}
  })
  expect(leakedSecrets(visibleText(result), secrets)).toEqual([])
  return result
}
const resultsOf = (result: ActionRun) => JSON.parse(result.outputs['results']!) as ResultJson[]
const warnings = (result: ActionRun) =>
  result.commands
    .filter(c => c.command === 'warning')
    .map(c => c.message)
    .join('\n')

describe('Tableau Server deployments', () => {
  const bot: FakeToken = { name: 'bot', secret: SECRET, site: '' }

  itThroughTheBundle(
    'idle-days: 14 moves refresh-by one day earlier than the default 15',
    async () => {
      const server = await fake({ tokens: [bot] })
      const inputs = { 'server-url': server.url, 'token-name': 'bot', 'token-secret': SECRET }
      const fifteen = Date.parse((await run(inputs)).outputs['refresh-by']!)
      const fourteen = await run({ ...inputs, 'idle-days': '14' })
      const moved = fifteen - Date.parse(fourteen.outputs['refresh-by']!)
      expect(moved).toBeGreaterThan(86_400_000 - 60_000)
      expect(moved).toBeLessThan(86_400_000 + 60_000)
      expect(fourteen.stdout).toContain("the token's 14-day idle clock restarted")
    }
  )

  it('a token created 350 days ago warns at warn-days 30, by configuration', async () => {
    const server = await fake({ tokens: [bot] })
    const createdAt = new Date(Date.now() - 350 * 86_400_000).toISOString().slice(0, 10)
    const result = await run({
      'server-url': server.url,
      'token-name': 'bot',
      'token-secret': SECRET,
      'token-created-at': createdAt,
      'warn-days': '30'
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'warning', 'expiry-source': 'configured' })
    expect(Number(result.outputs['days-until-expiry'])).toBeGreaterThanOrEqual(14)
    expect(Number(result.outputs['days-until-expiry'])).toBeLessThanOrEqual(15)
    const annotation = result.commands.find(c => c.command === 'warning')!
    expect(annotation.message).toContain('by your configuration')
    expect(result.summary).toContain('⚠️ warning')
  })

  it('11 tokens in one list to one Server: the token cap warning, with how to split', async () => {
    const tokens = Array.from({ length: 11 }, (_, i) => ({
      name: `t${i}`,
      secret: `${SECRET}-${i}`,
      site: ''
    }))
    const server = await fake({ tokens })
    const result = await run(
      {
        'server-url': server.url,
        tokens: JSON.stringify(tokens.map(({ name, secret }) => ({ name, secret })))
      },
      tokens.map(t => t.secret)
    )
    expect(result.outputs['status']).toBe('ok')
    expect(warnings(result)).toContain('11 tokens signed in to Tableau Server')
    expect(warnings(result)).toContain('Split the list across jobs of at most 10 tokens')
  })
})

describe('why Tableau Cloud rejected a token, from a monitoring token of the same owner', () => {
  it('still listed: secret-or-site; no longer listed: revoked-or-removed', async () => {
    const owner = 'user-ops'
    const server = await fake({
      platform: 'cloud',
      tokens: [
        {
          name: 'monitor',
          secret: `${SECRET}-m`,
          site: 'finance',
          expiresAt: inDays(200),
          userId: owner
        },
        {
          name: 'etl',
          secret: 'the-real-secret-0123',
          site: 'finance',
          expiresAt: inDays(90),
          userId: owner,
          lastUsedAt: new Date().toISOString()
        }
      ]
    })
    const result = await run(
      {
        'server-url': server.url,
        platform: 'cloud',
        site: 'finance',
        'watch-owner-tokens': 'nothing-else',
        tokens: JSON.stringify([
          { name: 'monitor', secret: `${SECRET}-m` },
          { name: 'etl', secret: `${SECRET}-rotated` },
          { name: 'ghost', secret: `${SECRET}-ghost` }
        ])
      },
      [`${SECRET}-m`, `${SECRET}-rotated`, `${SECRET}-ghost`]
    )
    expect(result.exitCode).toBe(1)
    const byName = Object.fromEntries(resultsOf(result).map(r => [r.name, r]))
    expect(byName['etl']).toMatchObject({ status: 'invalid', invalidCause: 'secret-or-site' })
    expect(byName['ghost']).toMatchObject({ status: 'invalid', invalidCause: 'revoked-or-removed' })
    expect(byName['monitor']!.invalidCause).toBeUndefined()
    expect(byName['etl']!.error).toContain('Likely cause: the token is still listed')
    expect(result.summary).toContain('Likely cause: the token is not in its owner')
    // One sign-in attempt each: a rejected token is never retried.
    expect(server.requestsTo('/auth/signin')).toHaveLength(3)
  })
})
