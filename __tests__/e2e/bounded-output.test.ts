/**
 * Every output bounded as the real runner counts (issue #21), through the bundled action: the
 * summary under 1 MiB and stdout bounded for 6,000 and 20,000 watched tokens; annotations within
 * 4096 characters and 10 per type with 500 tokens; results-file with every result; and nothing
 * of a secret on stderr when the YAML library would warn.
 */
import { FakeTableauServer, inDays, type FakeToken } from '../fakes/tableau-server.js'
import { runAction, unintendedCommands, type ActionRun } from '../fakes/run-action.js'
import { BLOCK_DNS } from '../fakes/block-dns.js'
import { spawnCli } from '../fakes/run-cli.js'
import { leakedSecrets } from '../fakes/secrets.js'
import type { ResultJson } from '../../src/report/outputs.js'
import { ANNOTATION_MESSAGE_MAX, STEP_SUMMARY_MAX_BYTES } from '../../src/report/runner-limits.js'

/** `owners` monitoring tokens, each watching `each` tokens of its owner, a few of them expiring. */
function watchedFleet(owners: number, each: number): { tokens: FakeToken[]; list: string } {
  const tokens: FakeToken[] = []
  const monitors: Array<{ name: string; secret: string }> = []
  for (let o = 0; o < owners; o++) {
    const userId = `owner-${o}`
    const monitor = { name: `monitor-${o}`, secret: `monitor-secret-${o}-0123456789abcdef` }
    monitors.push(monitor)
    tokens.push({ ...monitor, site: 'finance', expiresAt: inDays(300), userId })
    for (let i = 0; i < each; i++)
      tokens.push({
        name: `w${o}-${i}`,
        secret: `unused-${o}-${i}`,
        site: 'finance',
        userId,
        // One in a hundred expires within warn-days.
        expiresAt: inDays(i % 100 === 0 ? 10 : 200),
        lastUsedAt: new Date(Date.now() - 3_600_000).toISOString()
      })
  }
  return { tokens, list: JSON.stringify(monitors) }
}

async function watchFleet(owners: number, each: number): Promise<ActionRun> {
  const { tokens, list } = watchedFleet(owners, each)
  const tableau = new FakeTableauServer({ platform: 'cloud', tokens })
  await tableau.start()
  try {
    return await runAction({
      inputs: {
        'server-url': tableau.url,
        platform: 'cloud',
        site: 'finance',
        tokens: list,
        'watch-owner-tokens': 'true',
        'check-schedule': 'false'
      },
      env: {},
      killAfterMs: 120_000
    })
  } finally {
    await tableau.stop()
  }
}

describe('many watched tokens', () => {
  const runs: Record<number, ActionRun> = {}
  beforeAll(async () => {
    runs[6_000] = await watchFleet(2, 3_000)
    runs[20_000] = await watchFleet(4, 5_000)
  }, 240_000)

  it.each([6_000, 20_000])(
    '%p: summary under 1 MiB, stdout bounded, every result in results-file',
    count => {
      const run = runs[count]!
      expect(run.exitCode).toBe(0)
      expect(run.outputs['status']).toBe('warning')
      expect(Buffer.byteLength(run.summary)).toBeLessThan(STEP_SUMMARY_MAX_BYTES / 4)
      expect(run.summary).toMatch(/… and [\d,]+ more \([\d,]+ ok\), not shown/)
      // The expiring ones (one in a hundred) come first.
      const statuses = [...run.summary.matchAll(/<td>\S+ (ok|warning)<\/td>/g)].map(m => m[1])
      expect(statuses.slice(0, count / 100)).toEqual(
        Array(Math.min(200, count / 100)).fill('warning')
      )
      expect(Buffer.byteLength(run.stdout)).toBeLessThan(64 * 1024)
      for (const command of run.commands.filter(c =>
        ['warning', 'error', 'notice'].includes(c.command)
      ))
        expect(command.message.length).toBeLessThanOrEqual(ANNOTATION_MESSAGE_MAX)
      const all = JSON.parse(run.resultsFileText!) as ResultJson[]
      expect(all.filter(r => r.watched)).toHaveLength(count)
      expect(Buffer.byteLength(run.outputs['results']!)).toBeLessThan(128 * 1024)
      const kept = JSON.parse(run.outputs['results']!) as ResultJson[]
      expect(kept.length + Number(run.outputs['results-omitted'])).toBe(
        count + all.filter(r => !r.watched).length
      )
      // The bounded output keeps the signed-in tokens and every watched token that needs attention.
      expect(kept.filter(r => r.status === 'warning')).toHaveLength(count / 100)
    }
  )

  it('run time grows about linearly with the number of tokens', () => {
    const ratio = runs[20_000]!.wallMs / runs[6_000]!.wallMs
    // 20,000 / 6,000 = 3.3 for linear work (plus a fixed start); quadratic work would be 11.
    expect(ratio).toBeLessThan(6)
  })
})

describe('500 tokens, 200 failing, 12 plain-http hosts', () => {
  let run: ActionRun
  let tableau: FakeTableauServer
  beforeAll(async () => {
    const tokens: FakeToken[] = Array.from({ length: 488 }, (_, i) => ({
      name: `t-${i}`,
      secret: `secret-${i}-0123456789abcdef`,
      site: '',
      // 188 critical (and 12 unreachable below: 200 failing), 62 warnings, the rest ok.
      expiresAt: inDays(i < 188 ? 3 : i < 250 ? 20 : 200)
    }))
    tableau = new FakeTableauServer({ tokens })
    await tableau.start()
    const list = [
      ...tokens.map(t => ({ name: t.name, secret: t.secret })),
      // Made-up hosts over plain http: a warning each, and a failed sign-in (DNS is blocked).
      ...Array.from({ length: 12 }, (_, i) => ({
        name: `far-${i}`,
        secret: `far-secret-${i}-0123456789`,
        'server-url': `http://tableau-${i}.example.invalid`
      }))
    ]
    run = await runAction({
      inputs: {
        'server-url': tableau.url,
        tokens: JSON.stringify(list),
        'check-schedule': 'false',
        retries: '0',
        'timeout-seconds': '5',
        concurrency: '20'
      },
      env: {},
      nodeArgs: ['--import', BLOCK_DNS],
      killAfterMs: 120_000
    })
  }, 180_000)
  afterAll(() => tableau.stop())

  it('every annotation is at most 4096 characters, and a cut one ends with how many more', () => {
    expect(run.exitCode).toBe(1)
    const annotations = run.commands.filter(c => ['warning', 'error', 'notice'].includes(c.command))
    for (const a of annotations)
      expect(a.message.length).toBeLessThanOrEqual(ANNOTATION_MESSAGE_MAX)
    const failures = annotations.find(
      a => a.properties['title'] === '200 Tableau PAT keepalive failures'
    )!
    expect(failures.message).toMatch(/\n… and \d+ more: see the job summary\.$/)
  })

  it('at most 10 of each type, with the token findings first', () => {
    for (const level of ['warning', 'error', 'notice'])
      expect(run.commands.filter(c => c.command === level).length).toBeLessThanOrEqual(10)
    const warnings = run.commands.filter(c => c.command === 'warning')
    expect(warnings[0]!.properties['title']).toMatch(/^\d+ Tableau PAT keepalive warnings$/)
    expect(run.commands.filter(c => c.command === 'error')[0]!.properties['title']).toBe(
      '200 Tableau PAT keepalive failures'
    )
    // The twelve plain-http warnings are folded into one, after the findings.
    expect(warnings.map(w => w.message).join('\n')).toContain('tableau-11.example.invalid')
  })

  it('results-file holds all 500; the log prints the lines of 200 and counts the rest', () => {
    expect(JSON.parse(run.resultsFileText!) as ResultJson[]).toHaveLength(500)
    expect(run.stdout).toContain('The lines of 300 more tokens were not printed (200 are at most)')
    expect(
      unintendedCommands(run, [
        ...tableau.options.tokens.map(t => t.secret),
        ...tableau.issuedSessionTokens,
        ...Array.from({ length: 12 }, (_, i) => `far-secret-${i}-0123456789`)
      ])
    ).toEqual([])
  })
})

describe('nothing on stderr quotes input', () => {
  const SECRET = 'TopSecretValue-1234567890'
  const tagged = `- {name: bot, secret: !custom ${SECRET}, site: mysite}`

  it('the action refuses a tagged value with an error that names the entry, never its text', async () => {
    const run = await runAction({
      inputs: {
        'server-url': 'https://tableau.example.com',
        tokens: tagged,
        'check-schedule': 'false'
      },
      env: {}
    })
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toBe('')
    expect(leakedSecrets([run.stdout, run.stderr, run.summary].join('\n'), [SECRET])).toEqual([])
    expect(run.commands.find(c => c.command === 'error')?.message).toContain(
      'tokens uses YAML the action does not take at line 1, column 23 (TAG_RESOLVE_FAILED, e.g. a tag such as !custom), in entry 1'
    )
  })

  it('so does the CLI with --tokens-file -', async () => {
    const cli = await spawnCli(
      ['--tokens-file', '-', '--server-url', 'https://tableau.example.com'],
      { stdin: tagged }
    )
    expect(cli.code).toBe(3)
    expect(leakedSecrets(cli.stdout + cli.stderr, [SECRET])).toEqual([])
    expect(cli.stderr).toContain('TAG_RESOLVE_FAILED')
  })
})
