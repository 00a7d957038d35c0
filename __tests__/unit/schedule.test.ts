/** The schedule check's arithmetic and reading (issue #11): gaps between runs, crons, workflow files. */
import { analyseSchedules, type Schedule } from '../../src/schedule/gap.js'
import { schedulesIn } from '../../src/schedule/workflow.js'
import { parseWorkflowRef } from '../../src/schedule/workflow-ref.js'
import { checkSchedule } from '../../src/schedule/check.js'
import { lateRun } from '../../src/schedule/verdict.js'
import { DAY_MS } from '../../src/core/expiry.js'
import { referenceSchedule } from './cron-reference.js'

const NOW = new Date('2026-10-20T12:00:00Z')
const gapDays = (schedules: Schedule[], now = NOW): number => {
  const { longestGapMs, invalid } = analyseSchedules(schedules, now)
  expect(invalid).toEqual([])
  return Math.floor(longestGapMs! / DAY_MS)
}
const crons = (...list: string[]): Schedule[] => list.map(cron => ({ cron }))
/** UTC and two zones; fewer under mutation testing (SCHEDULE_REFERENCE_ZONES, comma-separated). */
const REFERENCE_ZONES = (
  process.env['SCHEDULE_REFERENCE_ZONES'] ?? 'UTC,America/New_York,Asia/Kolkata'
)
  .split(',')
  .map(zone => (zone === 'UTC' ? undefined : zone))

function referenceGapDays(schedules: Schedule[], now: Date): number {
  return Math.floor(referenceSchedule(schedules, now).longestGapMs / DAY_MS)
}

describe('longest gap between runs over the next 400 days', () => {
  it.each([
    [['*/5 * 1 * *']],
    [['17 */6 * * 1-5']],
    [['17 6 * * *']],
    [['17 6 * * 0', '45 23 * * 3']],
    [['*/10 0-2 * * MON', '17 6 10-12 * *']],
    [['17 6 13 * 5']],
    [['17 6 29 2 *']],
    [['30 1 * * 0']]
  ])('agrees with a day-by-day reference for %p', list => {
    for (const timezone of REFERENCE_ZONES) {
      const schedules = list.map(cron => ({ cron, timezone }))
      expect(gapDays(schedules)).toBe(referenceGapDays(schedules, NOW))
    }
  })

  it.each([
    ['weekly', ['17 6 * * 1'], 7],
    ['twice weekly', ['17 6 * * 1,4'], 4],
    ['monthly', ['0 6 1 * *'], 31],
    ['every other week, as two crons', ['17 6 1 * *', '17 6 15 * *'], 17],
    ['daily', ['17 6 * * *'], 1],
    ['every 5 minutes', ['*/5 * * * *'], 0],
    ['weekdays by name', ['17 6 * * MON-FRI'], 3],
    ['Mondays in January only, by name', ['17 6 * JAN MON'], 343]
  ])('%s: %p -> %p days', (_, list, days) => {
    expect(gapDays(crons(...list))).toBe(days)
  })

  it('day-of-month and day-of-week match either (POSIX), not both', () => {
    // The 13th OR every Friday: at most a week apart. (AND would be Friday the 13th: months.)
    expect(gapDays(crons('0 0 13 * 5'))).toBeLessThanOrEqual(7)
  })

  it('works in the timezone given, across a DST change', () => {
    const berlin = [{ cron: '17 6 * * 1', timezone: 'Europe/Berlin' }]
    const analysis = analyseSchedules(berlin, NOW)
    // 06:17 in Berlin: 04:17Z in summer time; summer time ends on 25 October 2026.
    expect(analysis.nextRun?.toISOString()).toBe('2026-10-26T05:17:00.000Z')
    expect(analyseSchedules(berlin, new Date('2026-10-01T00:00:00Z')).nextRun?.toISOString()).toBe(
      '2026-10-05T04:17:00.000Z'
    )
    // The week across the change is 7 days and 1 hour: still 7 whole days.
    expect(gapDays(berlin, new Date('2026-10-01T00:00:00Z'))).toBe(7)
  })

  it('gives the next run of the union', () => {
    const { nextRun } = analyseSchedules(crons('17 6 * * 1', '45 23 * * *'), NOW)
    expect(nextRun?.toISOString()).toBe('2026-10-20T23:45:00.000Z')
  })

  it.each([
    ['61 * * * *', "'61' is not a valid minute (0-59)"],
    ['', 'it is empty'],
    ['   ', 'it is empty'],
    ['0 0 5-1 * *', 'runs backwards'],
    ['*/0 * * * *', 'step'],
    ['0 0 * FOO *', "'FOO' is not a valid month"],
    ['0 0 * * 8', "'8' is not a valid day of week"],
    ['0 0 * * * *', 'it has 6 fields; GitHub takes 5'],
    ['0 0 L * *', "'L' is not POSIX cron"],
    ['0 0 ? * 1', "'?' is not POSIX cron"],
    ['0 0 * * 1#2', "'1#2' is not POSIX cron"],
    ['0 0 31 2 *', 'it never runs']
  ])('refuses %p with a reason, and keeps the valid crons', (cron, reason) => {
    const analysis = analyseSchedules(crons(cron, '17 6 * * 1'), NOW)
    expect(analysis.invalid).toEqual([
      { schedule: { cron }, reason: expect.stringContaining(reason) }
    ])
    expect(analysis.schedules).toEqual([{ cron: '17 6 * * 1' }])
    expect(Math.floor(analysis.longestGapMs! / DAY_MS)).toBe(7)
  })

  it.each([
    // GitHub's own example: minutes 20, 35 and 50 of every hour.
    ['20/15 * * * *', 30 * 60_000, '2026-10-20T12:20:00.000Z'],
    ['7/10 * * * *', 10 * 60_000, '2026-10-20T12:07:00.000Z'],
    ['17 6/12 * * *', 12 * 3_600_000, '2026-10-20T18:17:00.000Z'],
    ['17 6 * * 1-7/2', 2 * DAY_MS, '2026-10-21T06:17:00.000Z']
  ])('reads %p, a start with a step, as GitHub documents it', (cron, gapMs, next) => {
    const now = new Date('2026-10-20T12:00:00Z')
    const analysis = analyseSchedules(crons(cron), now)
    expect(analysis.invalid).toEqual([])
    // Monday, Wednesday, Friday, Sunday: the longest wait is two days (Wednesday to Friday).
    expect(analysis.longestGapMs).toBe(gapMs)
    expect(analysis.nextRun?.toISOString()).toBe(next)
  })

  it('measures a start-with-step cron beside another one (no overstated gap)', () => {
    // Mondays 06:20-06:50 and the 1st at 06:17: Monday 06:50 to the next Monday 06:20 at most.
    expect(gapDays(crons('20/15 6 * * 1', '17 6 1 * *'))).toBe(6)
  })

  it('weekday 7 is Sunday, names are read in any case', () => {
    const sunday = analyseSchedules(crons('17 6 * * 7'), NOW).nextRun
    expect(sunday?.getUTCDay()).toBe(0)
    expect(analyseSchedules(crons('17 6 * jan mon'), NOW).nextRun?.toISOString()).toBe(
      '2027-01-04T06:17:00.000Z'
    )
    expect(gapDays(crons('17 6 * * mon', '17 6 * * thu'))).toBe(4)
  })

  it.each([
    // DST in New York starts on 14 March 2027 at 02:00: the 02:xx runs advance to 03:00 EDT.
    ['0,30 2 * * 0', 7, '2026-12-06T07:00:00.000Z'],
    ['* 2 14 * *', 31, '2026-12-14T07:00:00.000Z'],
    // ...and the next run is 14 March 2028, 02:00 EDT: 365 days and 23 hours on.
    ['*/10 2 14 3 *', 365, '2027-03-14T07:00:00.000Z']
  ])(
    '%p in America/New_York runs in the skipped hour at the next valid time',
    (cron, gap, next) => {
      const schedules = [{ cron, timezone: 'America/New_York' }]
      const analysis = analyseSchedules(schedules, new Date('2026-11-30T12:00:00Z'))
      expect(Math.floor(analysis.longestGapMs! / DAY_MS)).toBe(gap)
      expect(analysis.nextRun?.toISOString()).toBe(next)
    }
  )

  it('advances a run of the skipped hour to the moment the clocks jump', () => {
    // 14 March 2027, 02:30 EST does not exist; the clocks jump at 07:00Z (03:00 EDT).
    const analysis = analyseSchedules(
      [{ cron: '30 2 14 3 *', timezone: 'America/New_York' }],
      new Date('2027-03-01T00:00:00Z')
    )
    expect(analysis.nextRun?.toISOString()).toBe('2027-03-14T07:00:00.000Z')
  })

  it('runs a fixed time once, and a wildcard twice, in the hour repeated when clocks go back', () => {
    // 7 November 2027: 01:00-01:59 happens at 05:xxZ (EDT) and again at 06:xxZ (EST).
    const betweenPasses = new Date('2027-11-07T05:45:00Z')
    const next = (cron: string): string | undefined =>
      analyseSchedules(
        [{ cron, timezone: 'America/New_York' }],
        betweenPasses
      ).nextRun?.toISOString()
    expect(next('30 1 7 11 *')).toBe('2028-11-07T06:30:00.000Z')
    expect(next('30 * 7 11 *')).toBe('2027-11-07T06:30:00.000Z')
    expect(next('*/30 1 7 11 *')).toBe('2027-11-07T06:00:00.000Z')
    expect(next('30 1-2 7 11 *')).toBe('2027-11-07T07:30:00.000Z')
  })

  it('evaluates at most 100 entries and says how many were left out', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ cron: `${i % 60} 6 * * 1` }))
    const analysis = analyseSchedules(many, NOW)
    expect(analysis.leftOut).toBe(9_900)
    expect(analysis.schedules).toHaveLength(100)
    expect(Math.floor(analysis.longestGapMs! / DAY_MS)).toBe(6)
  })

  it('gives up when its time budget is spent', () => {
    // The clock is read every 1,024 runs: a cron of every minute reads it often.
    let ticks = 0
    const analysis = analyseSchedules(crons('* * * * *'), NOW, {
      budgetMs: 100,
      elapsed: () => (ticks += 10)
    })
    expect(analysis.outOfTime).toBe(true)
    expect(analysis.longestGapMs).toBeUndefined()
  })

  it('quotes a long cron short, with its length', () => {
    const long = `17 6 * * ${'1,'.repeat(300_000)}1`
    const refused = analyseSchedules(crons(`${long} *`), NOW).invalid[0]!.reason
    expect(refused.length).toBeLessThan(200)
    expect(refused).toContain('6 fields')
    const badPart = analyseSchedules(crons(`17 6 * * ${'x'.repeat(600_000)}`), NOW).invalid[0]!
    expect(badPart.reason.length).toBeLessThan(250)
    expect(badPart.reason).toContain('(600000 characters)')
  })

  it('refuses an unknown time zone', () => {
    const analysis = analyseSchedules([{ cron: '17 6 * * 1', timezone: 'Mars/Olympus' }], NOW)
    expect(analysis.invalid[0]?.reason).toContain('not an IANA time zone')
    expect(analysis.longestGapMs).toBeUndefined()
  })
})

describe('reading the workflow', () => {
  it('parses GITHUB_WORKFLOW_REF', () => {
    expect(parseWorkflowRef('acme/analytics/.github/workflows/pat.yml@refs/heads/main')).toEqual({
      owner: 'acme',
      repo: 'analytics',
      path: '.github/workflows/pat.yml',
      ref: 'refs/heads/main'
    })
    expect(parseWorkflowRef('acme/analytics/other/pat.yml@main')).toBeUndefined()
    expect(parseWorkflowRef(undefined)).toBeUndefined()
  })

  it('takes every cron with its timezone, and nothing from a file that is not a workflow', async () => {
    const file = [
      'on:',
      '  schedule:',
      "    - cron: '17 6 * * 1'",
      "    - cron: '45 5 * * 4'",
      '      timezone: Europe/Berlin',
      '  workflow_dispatch:'
    ].join('\n')
    expect(await schedulesIn(file)).toEqual([
      { cron: '17 6 * * 1' },
      { cron: '45 5 * * 4', timezone: 'Europe/Berlin' }
    ])
    expect(await schedulesIn('on: push')).toEqual([])
    expect(await schedulesIn('on: [push, {')).toBeUndefined()
  })

  it('reads `on` in a YAML 1.1 file, where it is the boolean true', async () => {
    const file = ['%YAML 1.1', '---', 'on:', '  schedule:', "    - cron: '17 6 * * 1'"].join('\n')
    expect(await schedulesIn(file)).toEqual([{ cron: '17 6 * * 1' }])
  })

  it('reads the file at GITHUB_WORKFLOW_SHA when it is given', () => {
    const sha = 'a'.repeat(40)
    expect(
      parseWorkflowRef('acme/analytics/.github/workflows/pat.yml@refs/pull/7/merge', sha)
    ).toMatchObject({
      ref: 'refs/pull/7/merge',
      sha
    })
    expect(
      parseWorkflowRef('acme/analytics/.github/workflows/pat.yml@main', 'not-a-sha')?.sha
    ).toBeUndefined()
  })
})

describe('the verdict', () => {
  const env = (workspace: string): NodeJS.ProcessEnv => ({
    GITHUB_WORKFLOW_REF: 'acme/analytics/.github/workflows/pat.yml@refs/heads/main',
    GITHUB_REPOSITORY: 'acme/analytics',
    GITHUB_WORKSPACE: workspace
  })
  const reader = (text: string) => async () => text

  it('warns above 7 days, errors from 15, notices minute 0, and says nothing for a good schedule', async () => {
    const verdict = async (cron: string) =>
      checkSchedule(env('/nonexistent'), reader(`on:\n  schedule:\n    - cron: '${cron}'\n`), NOW)
    const good = await verdict('17 6 * * 1,4')
    expect(good).toMatchObject({ gapDays: 4, annotations: [] })
    expect((await verdict('17 6 1,10,20 * *')).annotations.map(a => a.level)).toEqual(['warning'])
    const monthly = await verdict('0 6 1 * *')
    expect(monthly.gapDays).toBe(31)
    expect(monthly.annotations.map(a => a.level)).toEqual(['notice', 'error'])
    expect(monthly.annotations[1]!.message).toBe(
      "cron '0 6 1 * *' in .github/workflows/pat.yml leaves up to 31 days between runs: a token can expire from disuse (15 days) between two runs. Run at least weekly, e.g. cron: '17 6 * * 1,4' (twice a week, at an odd minute)."
    )
    expect(monthly.annotations[0]!.message).toContain("Use an odd minute, e.g. '17 6 1 * *'")
  })

  it('names both readings of a stepped star beside a restricted day, and takes the worse (#29)', async () => {
    const verdict = async (cron: string) =>
      checkSchedule(env('/nonexistent'), reader(`on:\n  schedule:\n    - cron: '${cron}'\n`), NOW)
    // Days 1, 3, 5 ... that are Mondays (Vixie), or those days and every Monday (POSIX).
    const ambiguous = await verdict('17 6 */2 * 1')
    const notice = ambiguous.annotations.find(a => a.message.includes('read one of two ways'))
    expect(notice?.level).toBe('notice')
    expect(notice?.message).toContain("cron '17 6 */2 * 1' in .github/workflows/pat.yml")
    expect(notice?.message).toMatch(
      /both day fields must match, and the longest gap is (\d+) days; read as POSIX does, either matches, and it is 2 days\. This check takes the worse, \1 days\./
    )
    const strict = Number(/takes the worse, (\d+) days/.exec(notice!.message)![1])
    expect(strict).toBeGreaterThanOrEqual(14)
    expect(ambiguous.gapDays).toBe(strict)
    // Written without the star, the days say which is meant: no notice.
    const plain = await verdict('17 6 1-31/2 * 1')
    expect(plain.annotations.some(a => a.message.includes('read one of two ways'))).toBe(false)
    expect(plain.gapDays).toBe(2)
  })

  it('warns about a workflow with no schedule at all', async () => {
    const verdict = await checkSchedule(env('/nonexistent'), reader('on: workflow_dispatch\n'), NOW)
    expect(verdict.gapDays).toBeUndefined()
    expect(verdict.annotations[0]).toMatchObject({ level: 'warning' })
    expect(verdict.annotations[0]!.message).toContain('has no schedule')
  })

  it('says nothing outside GitHub Actions', async () => {
    expect(await checkSchedule({}, undefined, NOW)).toEqual({ annotations: [] })
  })

  it('says plainly when the next run comes after refresh-by', () => {
    expect(lateRun('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z')).toContain(
      'comes after refresh-by'
    )
    expect(lateRun('2026-11-03T00:00:00Z', '2026-11-02T00:00:00Z')).toBe('')
  })
})
