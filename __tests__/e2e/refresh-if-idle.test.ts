/**
 * Never cut a running job (issue #25): with refresh-if-idle-hours, a token used recently is not
 * signed in with (a sign-in ends every other session of that PAT); its status comes from the
 * monitoring token's list. The fake Tableau Cloud records every sign-in by token name. The first
 * case goes through the bundle; the others run in this process.
 */
import { FakeTableauServer, inDays, type FakeToken } from '../fakes/tableau-server.js'
import { visibleText, type ActionRun } from '../fakes/run-action.js'
import { launch, itThroughTheBundle } from '../fakes/run-in-process.js'
import { leakedSecrets, testSecret } from '../fakes/secrets.js'
import type { ResultJson } from '../../src/report/outputs.js'

const SECRET = testSecret()
const owner = 'user-ops'
const hoursAgo = (hours: number) =>
  new Date(Date.now() - hours * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z')
const tokens = (): FakeToken[] => [
  {
    name: 'monitor',
    secret: `${SECRET}-m`,
    site: 'finance',
    expiresAt: inDays(200),
    userId: owner
  },
  {
    name: 'recent',
    secret: `${SECRET}-r`,
    site: 'finance',
    expiresAt: inDays(100),
    userId: owner,
    lastUsedAt: hoursAgo(1)
  },
  {
    name: 'stale',
    secret: `${SECRET}-s`,
    site: 'finance',
    expiresAt: inDays(100),
    userId: owner,
    lastUsedAt: hoursAgo(72)
  }
]
let tableau: FakeTableauServer
beforeEach(async () => {
  tableau = new FakeTableauServer({ platform: 'cloud', tokens: tokens() })
  await tableau.start()
})
afterEach(() => tableau.stop())

async function run(inputs: Record<string, string> = {}): Promise<ActionRun> {
  const list = tokens().map(({ name, secret }) => ({ name, secret }))
  const result = await launch({
    inputs: {
      'server-url': tableau.url,
      platform: 'cloud',
      site: 'finance',
      tokens: JSON.stringify(list),
      'watch-owner-tokens': 'true',
      'refresh-if-idle-hours': '24',
      'check-schedule': 'false',
      retries: '0',
      ...inputs
    },
    env: {}
  })
  expect(
    leakedSecrets(visibleText(result), [...list.map(t => t.secret), ...tableau.issuedSessionTokens])
  ).toEqual([])
  return result
}
const signIns = (name: string) =>
  tableau
    .requestsTo('/auth/signin')
    .filter(r => r.body.includes(`"personalAccessTokenName":"${name}"`)).length
const resultsOf = (result: ActionRun) =>
  Object.fromEntries((JSON.parse(result.outputs['results']!) as ResultJson[]).map(r => [r.name, r]))

describe('refresh-if-idle-hours: 24', () => {
  itThroughTheBundle(
    'does not sign in with a token used an hour ago; signs in once with one used 3 days ago',
    async () => {
      const result = await run()
      expect(result.exitCode).toBe(0)
      expect([signIns('monitor'), signIns('recent'), signIns('stale')]).toEqual([1, 0, 1])
      const byName = resultsOf(result)
      expect(byName['recent']).toMatchObject({
        refreshed: false,
        watched: false,
        skipped: 'used-recently',
        status: 'ok',
        expirySource: 'token-list'
      })
      expect(byName['stale']).toMatchObject({ refreshed: true })
      expect(byName['stale']!.skipped).toBeUndefined()
      // Each token once: the skipped one is not listed again as watched.
      expect(Object.keys(byName).sort()).toEqual(['monitor', 'recent', 'stale'])
      expect(result.stdout + result.summary).toContain('no running job of it was cut off')
    }
  )

  it('signs in with both, with a notice, when the list cannot be read', async () => {
    tableau.options.faults = { tokenList: { kind: 'status', status: 500 } }
    const result = await run()
    expect([signIns('recent'), signIns('stale')]).toEqual([1, 1])
    const notices = result.commands
      .filter(c => c.command === 'notice')
      .map(c => c.message)
      .join('\n')
    expect(notices).toContain('could not be read, so "recent" was signed in with')
  })

  it('without it, every token is signed in with, as before', async () => {
    const result = await run({ 'refresh-if-idle-hours': '' })
    expect([signIns('monitor'), signIns('recent'), signIns('stale')]).toEqual([1, 1, 1])
    expect(resultsOf(result)['recent']!.skipped).toBeUndefined()
  })
})
