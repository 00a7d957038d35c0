/** The schedule check's arithmetic and reading (issue #11): gaps between runs, crons, workflow files. */
import { analyseSchedules, type Schedule } from '../../src/schedule/gap.js'
import { parseWorkflowRef, schedulesIn } from '../../src/schedule/workflow.js'
import { checkSchedule, lateRun } from '../../src/schedule/check.js'
import { DAY_MS } from '../../src/expiry.js'
import { Cron } from 'croner'

const NOW = new Date('2026-10-20T12:00:00Z')
const gapDays = (schedules: Schedule[], now = NOW): number => {
  const { longestGapMs, invalid } = analyseSchedules(schedules, now)
  expect(invalid).toEqual([])
  return Math.floor(longestGapMs! / DAY_MS)
}
const crons = (...list: string[]): Schedule[] => list.map(cron => ({ cron }))

/**
 * A slow, obvious reference: every minute-aligned sample a day apart, with the runs either side
 * of it. Exact for gaps of a day or more, which every gap that matters is.
 */
function referenceGapDays(schedules: Schedule[], now: Date): number {
  const cronsOf = schedules.map(
    ({ cron, timezone }) =>
      new Cron(cron, { timezone, mode: '5-part', domAndDow: false, paused: true })
  )
  let longest = 0
  for (let day = 0; day <= 400; day++) {
    const at = new Date(Math.floor(now.getTime() / 60_000) * 60_000 + 30_000 + day * DAY_MS)
    const next = Math.min(...cronsOf.map(c => c.nextRun(at)?.getTime() ?? Infinity))
    const previous = Math.max(...cronsOf.map(c => c.previousRuns(1, at)[0]?.getTime() ?? -Infinity))
    longest = Math.max(longest, next - Math.max(previous, now.getTime()))
  }
  return Math.floor(longest / DAY_MS)
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
    for (const timezone of [undefined, 'America/New_York', 'Asia/Kolkata']) {
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
    ['61 * * * *', 'Invalid value for minute: 61'],
    ['0 0 * * * *', 'it has 6 fields; GitHub takes 5'],
    ['0 0 L * *', '"L" is not POSIX cron'],
    ['0 0 ? * 1', '"?" is not POSIX cron'],
    ['0 0 * * 1#2', '"1#2" is not POSIX cron'],
    ['0 0 31 2 *', 'it never runs']
  ])('refuses %p with a reason, and keeps the valid crons', (cron, reason) => {
    const analysis = analyseSchedules(crons(cron, '17 6 * * 1'), NOW)
    expect(analysis.invalid).toEqual([
      { schedule: { cron }, reason: expect.stringContaining(reason) }
    ])
    expect(analysis.schedules).toEqual([{ cron: '17 6 * * 1' }])
    expect(Math.floor(analysis.longestGapMs! / DAY_MS)).toBe(7)
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
