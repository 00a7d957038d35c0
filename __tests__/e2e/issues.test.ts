/**
 * The action managing GitHub issues against a fake GitHub API (GITHUB_API_URL): the first
 * scenario through the bundle as the runner runs it, the others in this process.
 */
import { runnerEnv } from '../fakes/runner-env.js'
import { FakeGitHub } from '../fakes/github-server.js'
import { FakeTableauServer, inDays, type FakeToken } from '../fakes/tableau-server.js'
import { visibleText, type ActionRun } from '../fakes/run-action.js'
import { launch, throughTheBundle } from '../fakes/run-in-process.js'
import { leakedSecrets, testSecret } from '../fakes/secrets.js'
import type { ResultJson } from '../../src/report/outputs.js'

const SECRET = testSecret()
const GITHUB_TOKEN = `ghs_${testSecret('gh').slice(-12)}Xy`
let tableau: FakeTableauServer
let github: FakeGitHub
const token: FakeToken = {
  name: 'extract-bot',
  secret: SECRET,
  site: 'finance',
  expiresAt: inDays(12)
}

beforeEach(async () => {
  token.expiresAt = inDays(12)
  token.secret = SECRET
  tableau = new FakeTableauServer({ platform: 'cloud', tokens: [token] })
  github = new FakeGitHub()
  await Promise.all([tableau.start(), github.start()])
})
afterEach(() => Promise.all([tableau.stop(), github.stop()]))

async function run(
  inputs: Record<string, string> = {},
  env: Record<string, string> = {}
): Promise<ActionRun> {
  const result = await launch({
    inputs: {
      'server-url': tableau.url,
      platform: 'cloud',
      site: 'finance',
      'token-name': 'extract-bot',
      'token-secret': SECRET,
      'open-issue': 'true',
      'github-token': GITHUB_TOKEN,
      'issue-labels': 'tableau-pat, ops',
      'issue-assignees': 'alice,@bob',
      ...inputs
    },
    env: {
      ...runnerEnv(github),
      ...env
    }
  })
  const secrets = [SECRET, GITHUB_TOKEN, ...tableau.issuedSessionTokens]
  expect(leakedSecrets(visibleText(result), secrets)).toEqual([])
  expect(
    leakedSecrets(github.calls.map(call => call.path + call.body).join('\n'), secrets)
  ).toEqual([])
  expect(github.calls.every(call => call.authorization === `token ${GITHUB_TOKEN}`)).toBe(true)
  return result
}

// The GraphQL viewer query (who github-token acts as) reads; it is not a write.
const writes = () => github.calls.filter(call => call.method !== 'GET' && call.path !== '/graphql')

describe('one token over several runs', () => {
  throughTheBundle()
  it('creates one issue, updates it quietly, comments on a change, and closes it when healthy', async () => {
    // Run 1: warning -> a new issue with labels and assignees.
    const first = await run()
    expect(first.exitCode).toBe(0)
    expect(first.outputs).toMatchObject({
      status: 'warning',
      'issue-number': '1',
      'issue-action': 'created',
      'issue-url': 'https://github.example/acme/analytics/issues/1'
    })
    expect(github.openIssues()).toHaveLength(1)
    const issue = github.issues[0]!
    expect(issue).toMatchObject({
      title: 'Tableau PAT "extract-bot" (site: finance) expires in 12 days',
      labels: ['tableau-pat', 'ops'],
      assignees: ['alice', 'bob']
    })
    expect(issue.body).toMatch(
      /^<!-- tableau-pat-keepalive id=[0-9a-f]{16} status=warning bucket=under-14 token=[0-9a-f]{16} checked=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ refreshby=\S+Z expires=\S+Z -->/
    )
    expect(issue.body).toContain('| Days left | 12 |')
    expect(issue.body).toContain(
      '[this workflow run](https://github.example/acme/analytics/actions/runs/4242)'
    )
    expect(issue.body).toContain('**What to do:** Create a new PAT in Tableau')
    expect(JSON.parse(first.outputs['results']!)[0]).toMatchObject({
      issueNumber: 1,
      issueAction: 'created'
    })

    // Run 2: one day later, same bucket -> the body is updated, no comment, still one issue.
    token.expiresAt = inDays(11)
    github.calls.length = 0
    const second = await run()
    expect(second.outputs).toMatchObject({
      status: 'warning',
      'issue-number': '1',
      'issue-action': 'updated'
    })
    expect(github.openIssues()).toHaveLength(1)
    expect(issue.title).toBe('Tableau PAT "extract-bot" (site: finance) expires in 11 days')
    expect(issue.comments).toEqual([])
    expect(writes().map(call => call.method)).toEqual(['PATCH'])

    // Run 3: critical -> one comment on the change, and the step fails as before.
    token.expiresAt = inDays(3)
    const third = await run()
    expect(third.exitCode).toBe(1)
    expect(third.outputs).toMatchObject({ status: 'critical', 'issue-action': 'updated' })
    expect(issue.comments).toHaveLength(1)
    expect(issue.comments[0]).toMatch(/^Status warning → \*\*critical\*\* \(3 days left\)/)
    expect(issue.body).toContain('status=critical bucket=under-7')

    // Run 4: a renewed token -> closing comment, closed as completed.
    token.expiresAt = inDays(200)
    const fourth = await run()
    expect(fourth.exitCode).toBe(0)
    expect(fourth.outputs).toMatchObject({
      status: 'ok',
      'issue-number': '1',
      'issue-action': 'closed'
    })
    expect(issue).toMatchObject({ state: 'closed', state_reason: 'completed' })
    expect(issue.comments[1]).toMatch(
      /^✅ The token is healthy again \(status ok\)\. It now expires on /
    )

    // Run 5: still healthy -> nothing to touch.
    github.calls.length = 0
    const fifth = await run()
    expect(fifth.outputs).toMatchObject({
      status: 'ok',
      'issue-number': '',
      'issue-url': '',
      'issue-action': 'none'
    })
    expect(writes()).toEqual([])
  })
})

describe('the changed output', () => {
  it('is true when an issue is opened or its status bracket moves, false on a quiet update', async () => {
    expect((await run()).outputs['changed']).toBe('true') // created
    expect((await run()).outputs['changed']).toBe('false') // same status, same bracket
    token.expiresAt = inDays(5)
    expect((await run()).outputs['changed']).toBe('true') // warning -> critical: a comment
    expect((await run({ 'open-issue': 'false' })).outputs['changed']).toBe('') // not known
  })
})

describe('issue handling never changes the keepalive result', () => {
  it('a 403 on create leaves exit code and outputs as without issues, with the permission hint', async () => {
    const without = await run({ 'open-issue': 'false' })
    github.failures.push({
      match: /^POST \/repos\/acme\/analytics\/issues$/,
      status: 403,
      message: 'Resource not accessible by integration'
    })
    const denied = await run()
    expect(denied.exitCode).toBe(without.exitCode)
    // Everything but the times of the run is as without issues.
    const stable = [
      'status',
      'platform',
      'refreshed',
      'days-until-expiry',
      'expiry-source',
      'api-version'
    ]
    const pick = (outputs: Record<string, string>) => stable.map(name => outputs[name])
    expect(pick(denied.outputs)).toEqual(pick(without.outputs))
    expect(denied.outputs['issue-action']).toBe('none')
    const warning = denied.commands.find(
      c => c.command === 'warning' && c.properties['title'] === 'GitHub issue not updated'
    )
    expect(warning?.message).toContain('HTTP 403')
    expect(warning?.message).toContain('permissions: issues: write')
    expect(warning?.message).toContain('The keepalive result is unchanged.')
    expect(github.openIssues()).toEqual([])
  })

  it('a GitHub outage on listing is a warning too', async () => {
    github.failures.push({ match: /^GET /, status: 503, message: 'Service Unavailable' })
    const result = await run()
    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('warning')
    expect(
      result.commands.find(c => c.properties['title'] === 'GitHub issue not updated')?.message
    ).toContain('Could not list the open issues (HTTP 503')
  })
})

describe('finding the right issue', () => {
  it('pages through more than 100 open issues with the label', async () => {
    await run() // creates issue 1 for our token
    for (let i = 0; i < 150; i++)
      github.addIssue({
        labels: ['tableau-pat'],
        body:
          i % 2
            ? 'unrelated'
            : `<!-- tableau-pat-keepalive id=${'0'.repeat(15)}${i % 10} status=warning bucket=under-14 -->`
      })
    github.addIssue({ labels: ['tableau-pat'], pull_request: true, body: github.issues[0]!.body })
    // Move our issue behind the first page.
    const ours = github.issues.shift()!
    github.issues.push(ours)
    github.calls.length = 0
    token.expiresAt = inDays(11)
    const result = await run()
    expect(result.outputs['issue-action']).toBe('updated')
    expect(github.calls.filter(call => call.method === 'GET').length).toBeGreaterThanOrEqual(2)
    expect(
      github.calls.filter(
        call => call.method === 'POST' && call.path === '/repos/acme/analytics/issues'
      )
    ).toEqual([])
    expect(github.openIssues().filter(issue => issue.title.includes('extract-bot'))).toHaveLength(1)
  })

  it('gives two tokens two issues', async () => {
    const other: FakeToken = {
      name: 'publisher',
      secret: `${SECRET}-2`,
      site: 'finance',
      expiresAt: inDays(5)
    }
    tableau.options.tokens.push(other)
    const tokens = JSON.stringify([
      { name: 'extract-bot', secret: SECRET },
      { name: 'publisher', secret: other.secret }
    ])
    const result = await run({ 'token-name': '', 'token-secret': '', tokens })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ 'issue-number': '1,2', 'issue-action': 'created' })
    const results = JSON.parse(result.outputs['results']!) as ResultJson[]
    expect(results.map(r => [r.name, r.issueNumber, r.issueAction])).toEqual([
      ['extract-bot', 1, 'created'],
      ['publisher', 2, 'created']
    ])
    expect(github.openIssues().map(issue => issue.title)).toEqual([
      'Tableau PAT "extract-bot" (site: finance) expires in 12 days',
      'Tableau PAT "publisher" (site: finance) expires in 5 days'
    ])
  })

  it('opens an issue that says to replace a rejected token', async () => {
    token.secret = 'rotated-elsewhere'
    const result = await run()
    expect(result.outputs).toMatchObject({ status: 'invalid', 'issue-action': 'created' })
    expect(github.issues[0]!.title).toBe(
      'Tableau PAT "extract-bot" (site: finance) was rejected by Tableau: replace it'
    )
    expect(github.issues[0]!.body).toContain('Tableau rejected the token.')
  })

  it('touches no issue and calls no write endpoint for a healthy token without one', async () => {
    token.expiresAt = inDays(100)
    const result = await run()
    expect(result.outputs).toMatchObject({
      status: 'ok',
      'issue-action': 'none',
      'issue-number': ''
    })
    expect(writes()).toEqual([])
  })
})

describe('issues follow the token list of their workflow', () => {
  const NIGHTLY = '.github/workflows/pat-nightly.yml'
  const WEEKLY = '.github/workflows/pat weekly.yml'
  const of = (path: string) => ({
    GITHUB_WORKFLOW_REF: `acme/analytics/${path}@refs/heads/main`,
    GITHUB_EVENT_NAME: 'schedule'
  })
  const publisher: FakeToken = {
    name: 'publisher',
    secret: `${SECRET}-2`,
    site: 'finance',
    expiresAt: inDays(5)
  }
  const both = JSON.stringify([
    { name: 'extract-bot', secret: SECRET },
    { name: 'publisher', secret: publisher.secret }
  ])
  const markerOf = (body: string) => /<!-- tableau-pat-keepalive [^>]*-->/.exec(body)?.[0]

  beforeEach(() => tableau.options.tokens.push({ ...publisher }))

  it('closes, with a comment, the issue of a token the workflow no longer checks', async () => {
    await run({ 'token-name': '', 'token-secret': '', tokens: both }, of(NIGHTLY))
    expect(github.openIssues()).toHaveLength(2)
    expect(markerOf(github.issues[1]!.body)).toMatch(
      /^<!-- tableau-pat-keepalive id=[0-9a-f]{16} status=critical bucket=under-7 token=[0-9a-f]{16} workflow=\.github\/workflows\/pat-nightly\.yml checked=\S+Z refreshby=\S+Z expires=\S+Z -->$/
    )

    // publisher is taken out of the workflow: its issue stays open while a run may still check it
    // (another leg, step or job), then is closed as not planned once the grace period has passed.
    const next = await run({}, of(NIGHTLY))
    expect(next.outputs).toMatchObject({ 'issue-number': '1', 'issue-action': 'updated' })
    expect(github.issues[1]).toMatchObject({ state: 'open', comments: [] })
    const orphanIssue = github.issues[1]!
    orphanIssue.body = orphanIssue.body.replace(/checked=\S+Z/, 'checked=2026-01-02T03:04:05Z')
    const result = await run({}, of(NIGHTLY))
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ 'issue-number': '1', 'issue-action': 'updated' })
    const [kept, orphan] = github.issues
    expect(kept!.state).toBe('open')
    expect(orphan).toMatchObject({ state: 'closed', state_reason: 'not_planned' })
    expect(orphan!.comments).toEqual([
      expect.stringMatching(
        /^No run of this workflow \(`\.github\/workflows\/pat-nightly\.yml`\) has checked this token since 2026-01-02T03:04:05Z, more than 7 days ago: it was removed from the workflow or renamed, or `server-url` or `site` changed\. Closing \(\[run\]\(https:\/\/github\.example\/acme\/analytics\/actions\/runs\/4242\)\)/
      )
    ])
    expect(result.stdout).toContain(
      'Closed https://github.example/acme/analytics/issues/2: this workflow no longer checks its token'
    )
  })

  it("never touches another workflow's issues, even with the same label", async () => {
    await run({}, of(NIGHTLY)) // extract-bot, from the nightly workflow
    const nightlyIssue = github.issues[0]!
    const before = JSON.stringify(nightlyIssue)
    github.calls.length = 0

    // The weekly workflow checks only publisher: it opens its own issue and leaves #1 as it was.
    const weekly = await run(
      { 'token-name': 'publisher', 'token-secret': publisher.secret },
      of(WEEKLY)
    )
    expect(weekly.outputs).toMatchObject({ 'issue-number': '2', 'issue-action': 'created' })
    expect(JSON.stringify(nightlyIssue)).toBe(before)
    expect(github.calls.filter(call => call.path.includes('/issues/1'))).toEqual([])
    expect(markerOf(github.issues[1]!.body)).toContain(
      'workflow=.github/workflows/pat%20weekly.yml'
    )
    expect(github.issues[1]!.body).toContain('of `.github/workflows/pat weekly.yml` at')

    // And the nightly workflow, running again, leaves the weekly one's issue alone in turn.
    await run({}, of(NIGHTLY))
    expect(github.issues[1]).toMatchObject({ state: 'open', comments: [] })
  })

  it('adopts an issue written before markers named a workflow, for a token it checks', async () => {
    await run({ 'token-name': '', 'token-secret': '', tokens: both }) // no GITHUB_WORKFLOW_REF
    for (const issue of github.issues) issue.body = issue.body.replace(/ token=[^>]+ -->/, ' -->') // as 1.0.0 wrote them
    expect(markerOf(github.issues[0]!.body)).toMatch(/bucket=under-14 -->$/)

    // The weekly workflow checks only publisher: it adopts #2 and leaves #1 for its own workflow.
    const weekly = await run(
      { 'token-name': 'publisher', 'token-secret': publisher.secret },
      of(WEEKLY)
    )
    expect(weekly.outputs).toMatchObject({ 'issue-number': '2', 'issue-action': 'updated' })
    expect(markerOf(github.issues[1]!.body)).toContain(
      'workflow=.github/workflows/pat%20weekly.yml'
    )
    expect(markerOf(github.issues[0]!.body)).toMatch(/bucket=under-14 -->$/)
    expect(github.openIssues()).toHaveLength(2)

    // The nightly workflow then adopts #1; neither closes the other's.
    const nightly = await run({}, of(NIGHTLY))
    expect(nightly.outputs).toMatchObject({ 'issue-number': '1', 'issue-action': 'updated' })
    expect(markerOf(github.issues[0]!.body)).toContain(`workflow=${NIGHTLY}`)
    expect(github.openIssues()).toHaveLength(2)
  })

  it('follows a token to its new server address instead of opening a second issue', async () => {
    await run({}, of(NIGHTLY))
    const firstMarker = markerOf(github.issues[0]!.body)!

    // Same server, reached by another host name (as after moving to a pod URL).
    const moved = await run(
      { 'server-url': tableau.url.replace('127.0.0.1', 'localhost') },
      of(NIGHTLY)
    )
    expect(moved.outputs).toMatchObject({ 'issue-number': '1', 'issue-action': 'updated' })
    expect(github.issues).toHaveLength(1)
    const newMarker = markerOf(github.issues[0]!.body)!
    expect(newMarker).not.toBe(firstMarker) // the id follows the new host
    const withoutIdAndTime = (text: string) =>
      text.replace(/ (id|checked|refreshby|expires)=\S+/g, '')
    expect(withoutIdAndTime(newMarker)).toBe(withoutIdAndTime(firstMarker))
    expect(github.issues[0]!.body).toContain('localhost')
  })
})

describe('rejection memory reads the last closed issue too (issue #30)', () => {
  it('a token whose issue was closed keeps its last known state: rejected later, it is most likely revoked', async () => {
    await run() // warning: issue 1 opened
    token.expiresAt = inDays(200)
    await run() // healthy: issue 1 closed, its marker says ok with the new expiry
    expect(github.issues[0]).toMatchObject({ state: 'closed' })
    expect(github.issues[0]!.body).toContain('status=ok')

    token.secret = `${SECRET}-rotated` // the token was revoked or its secret changed
    github.calls.length = 0
    const rejected = await run()
    expect(rejected.exitCode).toBe(1)
    const [result] = JSON.parse(rejected.outputs['results']!) as ResultJson[]
    expect(result).toMatchObject({ status: 'invalid', invalidCause: 'revoked-or-removed' })
    expect(rejected.outputs['issue-action']).toBe('created')
    const reopened = github.issues[1]!
    expect(reopened.body).toContain('no deadline has passed since: most likely it was revoked')
    // The last known expiry is carried into the new issue's marker for the next diagnosis.
    expect(reopened.body).toMatch(/ expires=\S+Z -->/)
    // The closed issues were read once, most recently updated first.
    const closedReads = github.calls.filter(
      call => call.method === 'GET' && call.path.includes('state=closed')
    )
    expect(closedReads).toHaveLength(1)
    expect(closedReads[0]!.path).toContain('sort=updated')
    expect(closedReads[0]!.path).toContain('direction=desc')
  })

  it('a closed issue another account wrote is not read as memory', async () => {
    await run()
    token.expiresAt = inDays(200)
    await run()
    github.issues[0]!.author = 'mallory'
    token.secret = `${SECRET}-rotated`
    const rejected = await run()
    const [result] = JSON.parse(rejected.outputs['results']!) as ResultJson[]
    expect(result).toMatchObject({ status: 'invalid', invalidCause: 'unknown' })
  })
})
