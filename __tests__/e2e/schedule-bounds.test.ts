/**
 * No workflow file can slow a run or change its result (issue #20): huge files through the
 * contents API and in the workspace and 10,000 crons, through the bundle (the Tableau server is
 * in this process, so a check that blocked the action's event loop would show); and any text at
 * all compared with a run that has the check off, and the read at GITHUB_WORKFLOW_SHA, with the
 * action in this process.
 */
import {
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  ftruncateSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { runnerEnv } from '../fakes/runner-env.js'
import { FakeGitHub } from '../fakes/github-server.js'
import { FakeTableauServer, inDays, type FakeToken } from '../fakes/tableau-server.js'
import {
  runAction,
  unintendedCommands,
  type ActionRun,
  type RunOptions
} from '../fakes/run-action.js'
import { runInProcess } from '../fakes/run-in-process.js'
import { testSecret } from '../fakes/secrets.js'

const SECRET = testSecret()
const GITHUB_TOKEN = 'ghs_boundstesttoken0123456789'
const WORKFLOW = '.github/workflows/pat.yml'
const CASES = Math.max(40, Math.floor(Number(process.env['PROPERTY_RUNS'] ?? 0) / 10))
let tableau: FakeTableauServer
let github: FakeGitHub
let dir: string
const token: FakeToken = { name: 'bot', secret: SECRET, site: '', expiresAt: inDays(100) }

beforeEach(async () => {
  // Every Tableau answer takes 300 ms and the sign-in may take at most 1 s: a check that blocked
  // the event loop while a request is in flight would turn this healthy token into an error.
  tableau = new FakeTableauServer({ tokens: [token], latencyMs: 300 })
  github = new FakeGitHub()
  await Promise.all([tableau.start(), github.start()])
  dir = mkdtempSync(join(tmpdir(), 'pat-bounds-'))
})
afterEach(async () => {
  await Promise.all([tableau.stop(), github.stop()])
  rmSync(dir, { recursive: true, force: true })
})

async function run(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  via: (options: RunOptions) => Promise<ActionRun> = runAction
): Promise<ActionRun> {
  return via({
    inputs: {
      'server-url': tableau.url,
      'token-name': 'bot',
      'token-secret': SECRET,
      'github-token': GITHUB_TOKEN,
      'timeout-seconds': '1',
      retries: '0',
      ...inputs
    },
    env: {
      ...runnerEnv(github, { workflow: WORKFLOW, event: 'schedule' }),
      GITHUB_WORKSPACE: join(dir, 'empty-workspace'),
      ...env
    },
    killAfterMs: 60_000
  })
}

/** What a token's check concluded: everything but the schedule's own outputs. */
function tokenOutcome(result: ActionRun): Record<string, unknown> {
  const outputs = { ...result.outputs }
  delete outputs['schedule-gap-days']
  delete outputs['next-run']
  for (const field of ['results']) {
    const parsed = JSON.parse(outputs[field] ?? '[]') as Array<Record<string, unknown>>
    // Times of the run itself differ between two runs.
    outputs[field] = JSON.stringify(
      parsed.map(({ status, daysUntilExpiry, refreshed, expirySource, name }) => ({
        status,
        daysUntilExpiry,
        refreshed,
        expirySource,
        name
      }))
    )
  }
  delete outputs['refresh-by']
  delete outputs['expires-at'] // read from the clock: a second apart between two runs
  delete outputs['results-file'] // a file of this run
  return { exitCode: result.exitCode, ...outputs }
}

const scheduleNotes = (result: ActionRun) =>
  result.commands.filter(c => c.properties['title'] === 'Tableau PAT keepalive schedule')

/** 469 KB of YAML: one schedule, then a mapping of 40,000 keys. */
function hugeMapping(): string {
  const lines = ['on:', '  schedule:', "    - cron: '17 6 * * 1,4'", '  workflow_dispatch:', 'env:']
  for (let i = 0; i < 40_000; i++) lines.push(`  KEY_${i}: v${i}`)
  return lines.join('\n') + '\n'
}

describe('a workflow file cannot slow the run or change its result', () => {
  it('a 469 KB file of 40,000 keys through the contents API: ok, exit 0, schedule read', async () => {
    const text = hugeMapping()
    expect(text.length).toBeGreaterThan(400_000)
    github.files.set(WORKFLOW, text)
    const off = await run({ 'check-schedule': 'false' })
    const on = await run({})
    expect(on.exitCode).toBe(0)
    expect(on.outputs['status']).toBe('ok')
    expect(on.outputs['schedule-gap-days']).toBe('4')
    expect(tokenOutcome(on)).toEqual(tokenOutcome(off))
    // A bound against a hang, met on a loaded machine; the speed claim is npm run bench's.
    expect(on.wallMs - off.wallMs).toBeLessThan(10_000)
  })

  it('10,000 crons: ok, exit 0, the first 100 checked, with a notice', async () => {
    const lines = ['on:', '  schedule:']
    for (let i = 0; i < 10_000; i++)
      lines.push(`    - cron: '${(i * 7) % 60} ${i % 24} * * ${i % 7}'`)
    github.files.set(WORKFLOW, lines.join('\n') + '\n')
    const off = await run({ 'check-schedule': 'false' })
    const on = await run({})
    expect(on.exitCode).toBe(0)
    expect(tokenOutcome(on)).toEqual(tokenOutcome(off))
    expect(scheduleNotes(on).map(c => c.message)).toContainEqual(
      expect.stringContaining('has 10000 schedule entries: only the first 100 were checked')
    )
    expect(on.wallMs - off.wallMs).toBeLessThan(10_000)
  })

  it('a 50 MiB workspace file is refused unread, with a notice, and the cron that fired is used', async () => {
    const workspace = join(dir, 'workspace')
    mkdirSync(join(workspace, '.github', 'workflows'), { recursive: true })
    const fd = openSync(join(workspace, WORKFLOW), 'w')
    ftruncateSync(fd, 50 * 1024 * 1024)
    closeSync(fd)
    const eventPath = join(dir, 'event.json')
    writeFileSync(eventPath, JSON.stringify({ schedule: '17 6 * * 1' }))
    const off = await run({ 'check-schedule': 'false' }, { GITHUB_WORKSPACE: workspace })
    const on = await run({}, { GITHUB_WORKSPACE: workspace, GITHUB_EVENT_PATH: eventPath })
    expect(on.exitCode).toBe(0)
    expect(tokenOutcome(on)).toEqual(tokenOutcome(off))
    expect(scheduleNotes(on)[0]?.message).toContain(
      `the checked-out ${WORKFLOW} is 52428800 bytes, more than the 1048576 read at most`
    )
    expect(on.outputs['schedule-gap-days']).toBe('7')
    // Parsing 50 MiB would take minutes: this bound tells unread from read on any machine.
    expect(on.wallMs - off.wallMs).toBeLessThan(5_000)
    expect(github.calls).toEqual([])
  })

  it('reads the file at GITHUB_WORKFLOW_SHA, and a 404 names contents: read', async () => {
    const sha = '0123456789abcdef0123456789abcdef01234567'
    github.failures.push({ match: /contents/, status: 404, message: 'Not Found' })
    const result = await run({}, { GITHUB_WORKFLOW_SHA: sha }, runInProcess)
    expect(github.calls.map(c => c.path)).toEqual([
      `/repos/acme/analytics/contents/${WORKFLOW}?ref=${sha}`
    ])
    expect(scheduleNotes(result)[0]?.message).toContain('permissions: contents: read')
  })

  it('for any workflow text, the token result equals that of check-schedule: false', async () => {
    // In this process the check shares the fake's event loop, so latency would show nothing here:
    // this property is about results and commands, the cases above about time.
    tableau.options.latencyMs = 0
    const off = await run({ 'check-schedule': 'false' }, {}, runInProcess)
    const cronPart = fc.oneof(
      fc.constantFrom('*', '*/5', '20/15', '1-5', 'MON-FRI', 'jan', '7', '0', '99', 'L', '?', ''),
      fc.string({ maxLength: 8 })
    )
    const cron = fc.array(cronPart, { maxLength: 7 }).map(parts => parts.join(' '))
    const zone = fc.constantFrom(
      undefined,
      'America/New_York',
      'Australia/Lord_Howe',
      'Mars/Base',
      ''
    )
    const text = fc.oneof(
      fc.string({ maxLength: 300, unit: 'binary' }),
      fc
        .array(fc.record({ cron, zone }), { maxLength: 6 })
        .map(entries =>
          [
            'on:',
            '  schedule:',
            ...entries.map(
              ({ cron: c, zone: z }) =>
                `    - cron: ${JSON.stringify(c)}${z === undefined ? '' : `\n      timezone: ${JSON.stringify(z)}`}`
            )
          ].join('\n')
        ),
      fc.constantFrom(
        '%YAML 1.1\n---\non:\n  schedule:\n    - cron: "17 6 * * 1"\n',
        'on: [push, {',
        '*a\n&b',
        'on:\n  schedule: 5\n',
        '---\n- - - -\n',
        'on:\n  schedule:\n    - cron: [1, 2]\n'
      )
    )
    await fc.assert(
      fc.asyncProperty(text, async workflow => {
        github.files.set(WORKFLOW, workflow)
        const on = await run({}, {}, runInProcess)
        expect(tokenOutcome(on)).toEqual(tokenOutcome(off))
        expect(on.stderr).toBe('')
        expect(
          unintendedCommands(on, [SECRET, GITHUB_TOKEN, ...tableau.issuedSessionTokens])
        ).toEqual([])
      }),
      { numRuns: CASES, endOnFailure: true }
    )
  }, 120_000)
})
