/**
 * The keeper keeps itself running (issue #11), with the environment a scheduled job really has: GITHUB_WORKFLOW_REF, GITHUB_EVENT_PATH, GITHUB_WORKSPACE with or
 * without a checkout, GITHUB_API_URL, and the permissions a user would grant. The schedule check's
 * three sources of a workflow go through the bundle (the check is its own chunk); the rest runs in
 * this process.
 */
import { createServer, type Server } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runnerEnv } from '../fakes/runner-env.js'
import { FakeGitHub } from '../fakes/github-server.js'
import { FakeTableauServer, inDays, type FakeToken } from '../fakes/tableau-server.js'
import { unintendedCommands, visibleText, type ActionRun } from '../fakes/run-action.js'
import { itThroughTheBundle, launch } from '../fakes/run-in-process.js'
import { leakedSecrets, testSecret } from '../fakes/secrets.js'

const SECRET = testSecret()
const GITHUB_TOKEN = 'ghs_keepertesttoken0123456789'
const WORKFLOW = '.github/workflows/pat.yml'
let tableau: FakeTableauServer
let github: FakeGitHub
let dir: string
const token: FakeToken = { name: 'bot', secret: SECRET, site: '', expiresAt: inDays(100) }

beforeEach(async () => {
  token.expiresAt = inDays(100)
  tableau = new FakeTableauServer({ tokens: [token] })
  github = new FakeGitHub()
  await Promise.all([tableau.start(), github.start()])
  dir = mkdtempSync(join(tmpdir(), 'pat-keeper-'))
})
afterEach(async () => {
  await Promise.all([tableau.stop(), github.stop()])
  rmSync(dir, { recursive: true, force: true })
})

const workflowFile = (cron: string): string =>
  `name: keepalive\non:\n  schedule:\n    - cron: '${cron}'\n  workflow_dispatch:\njobs: {}\n`

/** A workspace holding a checkout with the workflow file, or an empty one. */
function workspace(cron?: string): string {
  const root = join(dir, 'workspace')
  mkdirSync(join(root, '.github', 'workflows'), { recursive: true })
  if (cron !== undefined) writeFileSync(join(root, WORKFLOW), workflowFile(cron))
  return root
}

function event(payload: Record<string, unknown>): string {
  const path = join(dir, 'event.json')
  writeFileSync(path, JSON.stringify(payload))
  return path
}

async function run(
  inputs: Record<string, string> = {},
  env: Record<string, string> = {}
): Promise<ActionRun> {
  const result = await launch({
    inputs: {
      'server-url': tableau.url,
      'token-name': 'bot',
      'token-secret': SECRET,
      'github-token': GITHUB_TOKEN,
      ...inputs
    },
    env: {
      ...runnerEnv(github, { workflow: WORKFLOW, event: 'schedule' }),
      GITHUB_WORKSPACE: workspace(),
      ...env
    }
  })
  const secrets = [SECRET, GITHUB_TOKEN, ...tableau.issuedSessionTokens]
  expect(leakedSecrets(visibleText(result), secrets)).toEqual([])
  expect(result.stderr).not.toMatch(/\n\s+at /)
  return result
}

const annotation = (result: ActionRun, level: string) =>
  result.commands.filter(
    c => c.command === level && c.properties['title'] === 'Tableau PAT keepalive schedule'
  )

describe('the schedule check', () => {
  itThroughTheBundle(
    'reads the checked-out workflow: a monthly cron is an error, the token result unchanged',
    async () => {
      const result = await run({}, { GITHUB_WORKSPACE: workspace('0 6 1 * *') })
      expect(result.exitCode).toBe(0)
      expect(result.outputs['status']).toBe('ok')
      expect(result.outputs['schedule-gap-days']).toBe('31')
      expect(result.outputs['next-run']).toMatch(/^\d{4}-\d{2}-01T06:00:00Z$/)
      expect(annotation(result, 'error')[0]?.message).toContain(
        "cron '0 6 1 * *' in .github/workflows/pat.yml leaves up to 31 days between runs: a token can expire from disuse (15 days) between two runs."
      )
      expect(annotation(result, 'notice')[0]?.message).toContain('runs at minute 0')
      expect(result.summary).toContain('Next scheduled run: ')
      expect(github.calls).toEqual([]) // the workspace had it: no GitHub call
    }
  )

  itThroughTheBundle(
    'reads the file through the contents API when there is no checkout',
    async () => {
      github.files.set(WORKFLOW, workflowFile('17 6 * * 1,4'))
      const result = await run()
      expect(result.outputs['schedule-gap-days']).toBe('4')
      expect(annotation(result, 'warning')).toEqual([])
      // The CPU the evaluation took, for the benchmark: a debug line, hidden unless debugging.
      const cost = result.commands.filter(
        c => c.command === 'debug' && /^Schedule check/.test(c.message)
      )
      expect(cost).toHaveLength(1)
      expect(cost[0]!.message).toMatch(
        /^Schedule check: the crons took \d+\.\d\d ms of CPU to evaluate$/
      )
      expect(github.calls.map(c => `${c.method} ${c.path}`)).toEqual([
        `GET /repos/acme/analytics/contents/.github/workflows/pat.yml?ref=refs%2Fheads%2Fmain`
      ])
    }
  )

  itThroughTheBundle(
    'falls back to the cron that fired, from the event payload, with a notice',
    async () => {
      github.failures.push({ match: /contents/, status: 403, message: 'Resource not accessible' })
      const result = await run({}, { GITHUB_EVENT_PATH: event({ schedule: '17 6 1,11,21 * *' }) })
      expect(result.outputs['schedule-gap-days']).toBe('11')
      expect(annotation(result, 'notice')[0]?.message).toContain(
        'Checked only the cron that fired this run, from the event payload: could not read .github/workflows/pat.yml (the contents API answered HTTP 403'
      )
      expect(annotation(result, 'warning')[0]?.message).toContain('up to 11 days between runs')
    }
  )

  it('checks the file on a run started by hand too', async () => {
    const result = await run(
      {},
      { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_WORKSPACE: workspace('17 6 * * 1') }
    )
    expect(result.outputs['schedule-gap-days']).toBe('7')
  })

  it('is off with check-schedule: false', async () => {
    const result = await run(
      { 'check-schedule': 'false' },
      { GITHUB_WORKSPACE: workspace('0 6 1 * *') }
    )
    expect(result.outputs['schedule-gap-days']).toBe('')
    expect(annotation(result, 'error')).toEqual([])
    expect(result.stdout).not.toContain('Schedule check:')
  })

  it('says plainly in the summary when the next run comes after refresh-by', async () => {
    const result = await run({}, { GITHUB_WORKSPACE: workspace('17 6 1 1 *') })
    expect(result.summary).toContain('comes after refresh-by')
  })
})

describe('keep-workflow-enabled', () => {
  it('enables the running workflow on every run', async () => {
    const result = await run({ 'keep-workflow-enabled': 'true', 'check-schedule': 'false' })
    expect(result.exitCode).toBe(0)
    expect(github.enabled).toEqual(['pat.yml'])
    expect(
      github.calls.filter(c => c.method === 'PUT').map(c => [c.path, c.authorization])
    ).toEqual([['/repos/acme/analytics/actions/workflows/pat.yml/enable', `token ${GITHUB_TOKEN}`]])
  })

  it('a 403 is a warning that names actions: write, and the result is unchanged', async () => {
    github.failures.push({
      match: /enable$/,
      status: 403,
      message: 'Resource not accessible by integration'
    })
    const result = await run({ 'keep-workflow-enabled': 'true', 'check-schedule': 'false' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('ok')
    const warning = result.commands.find(c => c.properties['title'] === 'Workflow not re-enabled')
    expect(warning?.message).toContain('permissions: actions: write')
    expect(warning?.message).toContain('HTTP 403')
  })
})

describe('heartbeat-url', () => {
  let monitor: Server
  let pings: string[]
  let answer: number
  const KEY = 'hc-key-5f0e2a9c'
  beforeEach(async () => {
    pings = []
    answer = 200
    monitor = createServer((req, res) => {
      pings.push(`${req.method} ${req.url}`)
      res.writeHead(answer).end('OK')
    })
    await new Promise<void>(resolve => monitor.listen(0, '127.0.0.1', resolve))
  })
  afterEach(() => new Promise<void>(resolve => monitor.close(() => resolve())))
  const url = (): string =>
    `http://127.0.0.1:${(monitor.address() as AddressInfo).port}/ping/${KEY}?state=complete`

  async function ping(inputs: Record<string, string> = {}): Promise<ActionRun> {
    const result = await run({ 'heartbeat-url': url(), 'check-schedule': 'false', ...inputs })
    // Masked, and never printed.
    expect(result.commands).toContainEqual(
      expect.objectContaining({ command: 'add-mask', message: url() })
    )
    expect(visibleText(result)).not.toContain(KEY)
    expect(
      unintendedCommands(result, [SECRET, GITHUB_TOKEN, url(), ...tableau.issuedSessionTokens])
    ).toEqual([])
    return result
  }

  it('is sent on ok', async () => {
    const result = await ping()
    expect(result.outputs['status']).toBe('ok')
    expect(pings).toEqual([`GET /ping/${KEY}?state=complete`])
  })

  it('is sent on warning', async () => {
    token.expiresAt = inDays(12)
    const result = await ping()
    expect(result.outputs['status']).toBe('warning')
    expect(pings).toHaveLength(1)
  })

  it('is not sent on critical', async () => {
    token.expiresAt = inDays(3)
    const result = await ping()
    expect(result.exitCode).toBe(1)
    expect(pings).toEqual([])
  })

  it('a failing monitor is a warning, never a failure', async () => {
    answer = 500
    const result = await ping({ retries: '1' })
    expect(result.exitCode).toBe(0)
    expect(pings).toHaveLength(2)
    const warning = result.commands.find(c => c.properties['title'] === 'Heartbeat not delivered')
    expect(warning?.message).toContain('got HTTP 500 after 2 attempts')
  })

  it('refuses an address that is not http(s), without quoting it', async () => {
    const result = await run({ 'heartbeat-url': `ftp://monitor.example/${KEY}` })
    expect(result.exitCode).toBe(1)
    expect(result.commands.find(c => c.command === 'error')?.message).toContain(
      'heartbeat-url must start with https://'
    )
    expect(visibleText(result)).not.toContain(KEY)
  })
})
