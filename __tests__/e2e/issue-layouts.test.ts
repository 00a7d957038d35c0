/**
 * Issues stay right in every workflow layout (issue #19), against the fake GitHub: a matrix whose legs start at the same moment, several steps, several jobs, a manual
 * run, a flaky Tableau behind a monitoring token, two owners with a PAT of the same name, a list
 * of issues that cannot be read to the end, and labels GitHub drops. Every run of a layout has the
 * same GITHUB_WORKFLOW_REF, as in one workflow file. Runs at once are processes of the bundle, as
 * on the runner; runs one after another call the action in this process.
 */
import { runnerEnv } from '../fakes/runner-env.js'
import { ACTIONS_BOT, FakeGitHub } from '../fakes/github-server.js'
import { FakeTableauServer, inDays, type FakeToken } from '../fakes/tableau-server.js'
import { visibleText, type ActionRun } from '../fakes/run-action.js'
import { launch, throughTheBundle } from '../fakes/run-in-process.js'
import { leakedSecrets, testSecret } from '../fakes/secrets.js'
import type { ResultJson } from '../../src/report/outputs.js'

const GITHUB_TOKEN = 'ghs_layouttesttoken0123456789'
const WORKFLOW = '.github/workflows/pat.yml'
const names = ['etl', 'publisher', 'audit'] as const
const secrets = new Map<string, string>()
/** One unique secret per token name, the same on every call. */
const secretOf = (name: string): string => {
  if (!secrets.has(name)) secrets.set(name, `${testSecret(name)}-${name}`)
  return secrets.get(name)!
}
let tableau: FakeTableauServer
let github: FakeGitHub

beforeEach(async () => {
  tableau = new FakeTableauServer({
    platform: 'cloud',
    tokens: names.map(name => ({
      name,
      secret: secretOf(name),
      site: 'finance',
      expiresAt: inDays(12),
      userId: 'user-ops'
    }))
  })
  github = new FakeGitHub()
  await Promise.all([tableau.start(), github.start()])
})
afterEach(() => Promise.all([tableau.stop(), github.stop()]))

async function run(
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<ActionRun> {
  const result = await launch({
    inputs: {
      'server-url': tableau.url,
      platform: 'cloud',
      site: 'finance',
      'open-issue': 'true',
      'github-token': GITHUB_TOKEN,
      'check-schedule': 'false',
      retries: '0',
      ...inputs
    },
    env: {
      ...runnerEnv(github, { workflow: WORKFLOW, event: 'schedule', runId: '99' }),
      ...env
    }
  })
  const secrets = [
    ...tableau.options.tokens.map(token => token.secret),
    ...tableau.issuedSessionTokens,
    GITHUB_TOKEN
  ]
  expect(leakedSecrets(visibleText(result), secrets)).toEqual([])
  expect(result.stderr).toBe('')
  return result
}

/** One token per step, as a matrix leg or a single-token step has it. */
const one = (name: string, env: Record<string, string> = {}) =>
  run({ 'token-name': name, 'token-secret': secretOf(name) }, env)
/** Several tokens in one step. */
const many = (list: readonly string[], env: Record<string, string> = {}) =>
  run({ tokens: JSON.stringify(list.map(name => ({ name, secret: secretOf(name) }))) }, env)

const orphanComments = () =>
  github.issues.flatMap(issue => issue.comments).filter(c => c.includes('has checked this token'))
const closed = () => github.issues.filter(issue => issue.state === 'closed')
const titles = () => github.openIssues().map(issue => /"([^"]+)"/.exec(issue.title)?.[1])

describe('every layout keeps one open issue per token, and closes none that is still true', () => {
  describe('runs at once', () => {
    throughTheBundle()

    it('a matrix: three legs started at the same moment, two scheduled rounds', async () => {
      for (let round = 0; round < 2; round++) {
        const legs = await Promise.all(names.map(name => one(name, { GITHUB_JOB: 'keepalive' })))
        for (const leg of legs) expect(leg.outputs['status']).toBe('warning')
      }
      expect(github.issues).toHaveLength(3)
      expect(titles().sort()).toEqual(['audit', 'etl', 'publisher'])
      expect(closed()).toEqual([])
      expect(orphanComments()).toEqual([])
    })

    it('two jobs at once, two rounds', async () => {
      for (let round = 0; round < 2; round++)
        await Promise.all([
          many(['etl', 'publisher'], { GITHUB_JOB: 'pipelines' }),
          one('audit', { GITHUB_JOB: 'audit' })
        ])
      expect(github.issues).toHaveLength(3)
      expect(closed()).toEqual([])
    })
  })

  it('two steps in sequence in one job, two rounds', async () => {
    for (let round = 0; round < 2; round++) {
      await one('etl')
      await many(['publisher', 'audit'])
    }
    expect(github.issues).toHaveLength(3)
    expect(closed()).toEqual([])
    expect(orphanComments()).toEqual([])
  })

  it('a workflow_dispatch run of one token touches no other issue, even past the grace period', async () => {
    await many(names)
    for (const issue of github.issues)
      issue.body = issue.body.replace(/checked=\S+Z/, 'checked=2025-01-01T00:00:00Z')
    const before = github.issues.map(issue => JSON.stringify(issue))
    github.calls.length = 0
    const manual = await one('etl', { GITHUB_EVENT_NAME: 'workflow_dispatch' })
    expect(manual.outputs['issue-action']).toBe('updated')
    expect(github.issues.slice(1).map(issue => JSON.stringify(issue))).toEqual(before.slice(1))
    expect(github.calls.filter(c => c.method !== 'GET' && !c.path.includes('/issues/1'))).toEqual(
      [github.calls.find(c => c.path === '/graphql')].filter(Boolean)
    )
    // And a pull-request run that checks a shorter list closes nothing either.
    await one('publisher', { GITHUB_EVENT_NAME: 'pull_request' })
    expect(closed()).toEqual([])
  })

  it('a token dropped from the list: open on the next runs, closed after the grace period with when it was last checked', async () => {
    await many(names)
    await many(['etl', 'publisher'])
    expect(closed()).toEqual([])
    const audit = github.issues.find(issue => issue.title.includes('"audit"'))!
    audit.body = audit.body.replace(/checked=\S+Z/, 'checked=2026-01-02T03:04:05Z')
    await many(['etl', 'publisher'])
    expect(audit).toMatchObject({ state: 'closed', state_reason: 'not_planned' })
    expect(audit.comments.at(-1)).toContain(
      'No run of this workflow (`.github/workflows/pat.yml`) has checked this token since 2026-01-02T03:04:05Z'
    )
  })

  it('a marker without a last-checked time (1.0.0, or 1.1.0 before it) is stamped, not closed', async () => {
    await many(names)
    const audit = github.issues.find(issue => issue.title.includes('"audit"'))!
    audit.body = audit.body.replace(/ checked=\S+Z/, '')
    await many(['etl', 'publisher'])
    expect(audit.state).toBe('open')
    expect(audit.body).toMatch(
      / checked=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ( refreshby=\S+)?( expires=\S+)? -->/
    )
    expect(audit.comments).toEqual([])
  })
})

describe('watched tokens', () => {
  const monitor: FakeToken = {
    name: 'monitor',
    secret: secretOf('monitor'),
    site: 'finance',
    expiresAt: inDays(200),
    userId: 'user-ops'
  }
  const watch = (env: Record<string, string> = {}) =>
    run(
      {
        'token-name': 'monitor',
        'token-secret': monitor.secret,
        'watch-owner-tokens': 'etl, publisher'
      },
      env
    )

  it('a failed sign-in of the signer (500, then a reset connection) closes no watched issue', async () => {
    tableau.options.tokens.push({ ...monitor })
    await watch()
    expect(github.openIssues()).toHaveLength(2)
    const watchedIssues = github.openIssues().map(issue => issue.number)
    for (const fault of [{ kind: 'status', status: 500 }, { kind: 'reset' }] as const) {
      tableau.options.tokens.find(t => t.name === 'monitor')!.signInFault = fault
      const failed = await watch()
      expect(failed.outputs['status']).toBe('error')
      expect(github.openIssues().map(issue => issue.number)).toEqual(
        expect.arrayContaining(watchedIssues)
      )
      expect(closed()).toEqual([])
    }
  })

  it('two owners with a PAT of the same name: two results, two issues', async () => {
    const second: FakeToken = {
      ...monitor,
      name: 'monitor-2',
      secret: secretOf('m2'),
      userId: 'user-bi'
    }
    tableau.options.tokens.push({ ...monitor }, second, {
      name: 'etl',
      secret: secretOf('etl-bi'),
      site: 'finance',
      expiresAt: inDays(5),
      userId: 'user-bi'
    })
    const both = JSON.stringify([
      { name: 'monitor', secret: monitor.secret },
      { name: 'monitor-2', secret: second.secret }
    ])
    for (let round = 0; round < 2; round++) {
      const result = await run({ tokens: both, 'watch-owner-tokens': 'etl' })
      const results = JSON.parse(result.outputs['results']!) as ResultJson[]
      expect(
        results
          .filter(r => r.name === 'etl')
          .map(r => r.daysUntilExpiry)
          .sort((a, b) => b! - a!)
      ).toEqual([12, 5])
    }
    const etlIssues = github.issues.filter(issue => issue.title.includes('"etl"'))
    expect(etlIssues).toHaveLength(2)
    expect(etlIssues.every(issue => issue.state === 'open')).toBe(true)
  })
})

describe('what GitHub does not say', () => {
  it('a next-page link that loops: a warning, and no duplicate issue', async () => {
    await one('etl')
    const ours = github.issues[0]!
    // 100 other labelled issues before ours, so ours sits on page 2.
    github.issues.splice(0, github.issues.length)
    for (let i = 0; i < 100; i++) github.addIssue({ labels: ['tableau-pat'], body: 'other' })
    github.issues.push(ours)
    github.linkHeader = page => `<${page.href}>; rel="next"`
    const result = await one('etl')
    expect(github.issues.filter(issue => issue.title.includes('"etl"'))).toHaveLength(1)
    expect(result.commands.map(c => c.message)).toContainEqual(
      expect.stringContaining("GitHub's next-page link pointed back to a page already read")
    )
    expect(result.outputs['issue-action']).toBe('none')
  })

  it('a label GitHub drops (no push access) gives a warning that names the cause and the fix', async () => {
    github.withoutPush.add(ACTIONS_BOT)
    const result = await one('etl')
    expect(github.issues[0]!.labels).toEqual([])
    expect(result.commands.map(c => c.message)).toContainEqual(
      expect.stringContaining(
        'was created without the label "tableau-pat": GitHub silently drops labels on issues created by an account without push access'
      )
    )
  })
})
