/** The bundled action with the tokens input: many tokens over two servers, in one step. */
import { FakeTableauServer, inDays, type FakeToken } from '../fakes/tableau-server.js'
import { runAction, visibleText, type ActionRun } from '../fakes/run-action.js'
import { runInProcess, type Launch } from '../fakes/run-in-process.js'
import { leakedSecrets, testSecret } from '../fakes/secrets.js'
import type { ResultJson } from '../../src/report/outputs.js'

const servers: FakeTableauServer[] = []
afterAll(async () => {
  await Promise.all(servers.map(server => server.stop()))
})

async function fake(platform: 'server' | 'cloud', tokens: FakeToken[]): Promise<FakeTableauServer> {
  const server = new FakeTableauServer({ platform, tokens, latencyMs: 20 })
  servers.push(server)
  await server.start()
  return server
}

const annotations = (run: ActionRun, level: string) =>
  run.commands.filter(command => command.command === level)

describe('20 tokens over two servers with mixed outcomes', () => {
  // Outcome by position: which status each of the 20 tokens should end in.
  const plan = [
    'ok',
    'warning',
    'ok',
    'critical',
    'invalid',
    'ok',
    'error',
    'ok',
    'warning',
    'ok',
    'ok',
    'critical',
    'ok',
    'invalid',
    'ok',
    'warning',
    'error',
    'ok',
    'ok',
    'ok'
  ] as const
  const secrets = plan.map((_, i) => testSecret(`s${i}`))
  const days = (i: number): number =>
    ({ ok: 100 + i, warning: 10 + i, critical: 2, invalid: 0, error: 0 })[plan[i]!]
  let run: ActionRun
  let results: ResultJson[]
  let serverA: FakeTableauServer
  let cloudB: FakeTableauServer

  beforeAll(async () => {
    const token = (i: number): FakeToken => ({
      name: `bot-${i}`,
      // A rejected token: Tableau knows a different secret.
      secret: plan[i] === 'invalid' ? 'not-what-the-workflow-has' : secrets[i]!,
      site: 'finance',
      expiresAt: inDays(days(i)),
      reportOnSignIn: i % 3 !== 0, // some from the sign-in, some (on Cloud) from the token list
      signInFault:
        plan[i] === 'error'
          ? { kind: 'status', status: 500, body: '<html>Internal error</html>' }
          : undefined
    })
    const indices = plan.map((_, i) => i)
    serverA = await fake('server', indices.filter(i => i % 2 === 0).map(token))
    cloudB = await fake('cloud', indices.filter(i => i % 2 === 1).map(token))
    const list = plan.map((_, i) =>
      i % 2 === 0
        ? { name: `bot-${i}`, secret: secrets[i] }
        : { name: `bot-${i}`, secret: secrets[i], 'server-url': cloudB.url, platform: 'cloud' }
    )
    run = await runAction({
      inputs: {
        'server-url': serverA.url,
        site: 'finance',
        tokens: JSON.stringify(list),
        concurrency: '6'
      }
    })
    results = JSON.parse(run.outputs['results'] ?? '[]') as ResultJson[]
  })

  it('gives one result per token, in input order, with the planned status', () => {
    expect(results.map(result => result.name)).toEqual(plan.map((_, i) => `bot-${i}`))
    expect(results.map(result => result.status)).toEqual([...plan])
    for (const [i, result] of results.entries()) {
      if (plan[i] === 'ok' || plan[i] === 'warning' || plan[i] === 'critical') {
        // Tableau Server has no token list: a sign-in that does not report the expiry leaves it unknown.
        const source = i % 3 !== 0 ? 'sign-in' : i % 2 === 1 ? 'token-list' : 'none'
        expect(result).toMatchObject({ refreshed: true, expirySource: source, error: null })
        expect(result.daysUntilExpiry).toBe(source === 'none' ? null : days(i))
      } else {
        expect(result).toMatchObject({
          refreshed: false,
          daysUntilExpiry: null,
          error: expect.any(String)
        })
      }
    }
  })

  it('aggregates the single-value outputs and fails the step', () => {
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({
      status: 'invalid',
      platform: 'server,cloud',
      refreshed: 'false',
      'days-until-expiry': '2'
    })
    const [soonest] = results
      .filter(r => r.daysUntilExpiry === 2)
      .sort((a, b) => a.expiresAt!.localeCompare(b.expiresAt!))
    expect(run.outputs['expires-at']).toBe(soonest!.expiresAt)
    expect(run.outputs['expiry-source']).toBe(soonest!.expirySource)
  })

  it('emits one aggregated warning and one aggregated error annotation', () => {
    const warnings = annotations(run, 'warning')
    const errors = annotations(run, 'error')
    expect(warnings).toHaveLength(1)
    expect(errors).toHaveLength(1)
    expect(warnings[0]!.properties['title']).toBe('3 Tableau PAT keepalive warnings')
    for (const i of [1, 8, 15]) expect(warnings[0]!.message).toContain(`Token "bot-${i}"`)
    expect(errors[0]!.properties['title']).toBe('6 Tableau PAT keepalive failures')
    for (const i of [3, 4, 6, 11, 13, 16]) expect(errors[0]!.message).toContain(`Token "bot-${i}"`)
  })

  it('writes one summary table, worst first and soonest expiry first within a status, with counts per status', () => {
    expect(run.summary.match(/<table>/g)).toHaveLength(1)
    expect(run.summary).toContain(
      '❌ 2 invalid · 🛑 2 critical · ❗ 2 error · ⚠️ 3 warning · ✅ 11 ok'
    )
    const rows = [...run.summary.matchAll(/<tr><td>(bot-\d+)<\/td>(.*?)<\/tr>/g)].map(match => ({
      name: match[1],
      status: / (invalid|critical|error|warning|ok)<\/td>/.exec(match[2]!)![1]
    }))
    expect(rows).toHaveLength(20)
    expect(rows.map(row => row.status)).toEqual([
      ...Array(2).fill('invalid'),
      ...Array(2).fill('critical'),
      ...Array(2).fill('error'),
      ...Array(3).fill('warning'),
      ...Array(11).fill('ok')
    ])
    expect(rows.slice(6, 9).map(row => row.name)).toEqual(['bot-1', 'bot-8', 'bot-15'])
    expect(rows.slice(-3).map(row => row.name)).toEqual(['bot-0', 'bot-12', 'bot-18']) // ok, expiry unknown
  })

  it('asks server info once per server, signs every session out, and leaks no secret', () => {
    expect(serverA.requestsTo('/serverinfo')).toHaveLength(1)
    expect(cloudB.requestsTo('/serverinfo')).toHaveLength(1)
    expect(serverA.activeSessions()).toEqual([])
    expect(cloudB.activeSessions()).toEqual([])
    const masks = run.commands.filter(c => c.command === 'add-mask').map(c => c.message)
    for (const secret of secrets) expect(masks).toContain(secret)
    const sessions = [...serverA.issuedSessionTokens, ...cloudB.issuedSessionTokens]
    expect(sessions).toHaveLength(16) // all but the 2 rejected and the 2 failed sign-ins
    expect(leakedSecrets(visibleText(run), [...secrets, ...sessions])).toEqual([])
  })

  it('prefixes each log line with its token', () => {
    expect(run.stdout).toMatch(/^\[bot-0\] Tableau Server at/m)
    expect(run.stdout).toMatch(/^\[bot-1\] Signed out$/m)
  })
})

describe('bad token lists', () => {
  const secret = testSecret()

  // The YAML error through the bundle (the parser is its own chunk); the others in this process.
  it.each<[string, string, Launch]>([
    [
      `- name: a\n  secret: "${secret.replace(/"/g, '\\"')}"\n- name: a\n  secret: other`,
      'tokens entry 2 ("a"): the same token as entry 1',
      runInProcess
    ],
    [
      `- name: a\n  secret: ${JSON.stringify(secret)}\n  oops: [`,
      'tokens is not a valid YAML or JSON list at line 3',
      runAction
    ],
    [
      `- name: a\n  secret: ${JSON.stringify(secret)}\n- name: b\n  secret: x\n  fail-days: "40"`,
      'tokens entry 2 ("b"): fail-days (40) must not be greater than warn-days (30)',
      runInProcess
    ]
  ])('rejects %j before any request, without leaking', async (tokens, message, via) => {
    const server = await fake('server', [])
    const run = await via({ inputs: { 'server-url': server.url, tokens } })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['status']).toBe('error')
    expect(annotations(run, 'error')[0]?.message).toContain(message)
    expect(server.requests).toEqual([])
    expect(leakedSecrets(visibleText(run), [secret])).toEqual([])
  })

  it('refuses token-name together with tokens', async () => {
    const run = await runInProcess({
      inputs: {
        'server-url': 'https://x.example.com',
        'token-name': 'a',
        tokens: '- {name: b, secret: c}'
      }
    })
    expect(run.exitCode).toBe(1)
    expect(annotations(run, 'error')[0]?.message).toBe(
      'Give either tokens or token-name and token-secret, not both.'
    )
  })
})
