/**
 * The schedule gap at its edges (issue #23): the time budget, the cron cap, a run at now, a
 * schedule with no run in the horizon, and how a schedule is named. Pure and fast, so that each
 * mutant of gap.ts meets them; the reference comparisons live in schedule.test.ts.
 */
import { analyseSchedules, cpuMs, describeCron, MAX_CRONS } from '../../src/schedule/gap.js'
import { DAY_MS } from '../../src/core/expiry.js'
import { dateOf, HORIZON_DAYS, horizonOf, measureGaps } from '../../src/schedule/runs.js'
import { parseCron } from '../../src/schedule/cron.js'
import { ZoneClock } from '../../src/schedule/zone.js'

const NOW = new Date('2026-10-20T12:00:00Z')
const DAILY = [{ cron: '0 12 * * *' }]

describe('the time budget', () => {
  it('a check that used exactly its budget finishes; one millisecond more gives up', () => {
    const exact = analyseSchedules(DAILY, NOW, { budgetMs: 5, elapsed: () => 5 })
    expect(exact.outOfTime).toBeUndefined()
    expect(exact.longestGapMs).toBe(DAY_MS)
    const over = analyseSchedules(DAILY, NOW, { budgetMs: 5, elapsed: () => 6 })
    expect(over).toEqual({ schedules: DAILY, invalid: [], leftOut: 0, outOfTime: true })
  })
})

describe('the time budget, read again as runs are counted', () => {
  it('a budget that runs out after the first reading gives up before the horizon ends', () => {
    let readings = 0
    const elapsed = (): number => (readings++ === 0 ? 0 : 2)
    const everyMinute = [{ cron: '* * * * *' }]
    expect(analyseSchedules(everyMinute, NOW, { budgetMs: 1, elapsed }).outOfTime).toBe(true)
    // More than one reading was needed to see it: the first alone said there was time.
    expect(readings).toBeGreaterThan(1)
  })
})

describe('the CPU clock', () => {
  it('counts user and system time, and the default stopwatch gives up past a budget', () => {
    const { user, system } = process.cpuUsage()
    expect(cpuMs()).toBeGreaterThanOrEqual((user + system) / 1000)
    expect(analyseSchedules(DAILY, NOW, { budgetMs: -1 }).outOfTime).toBe(true)
  })
})

describe('the cap', () => {
  it(`checks ${MAX_CRONS} entries and counts the rest`, () => {
    const many = Array.from({ length: MAX_CRONS + 1 }, (_, i) => ({ cron: `${i % 60} 12 * * *` }))
    const analysis = analyseSchedules(many, NOW)
    expect(analysis.leftOut).toBe(1)
    expect(analysis.schedules).toHaveLength(MAX_CRONS)
    expect(analyseSchedules(many.slice(0, MAX_CRONS), NOW).leftOut).toBe(0)
  })
})

describe('runs and gaps', () => {
  it('a run at now is not the next run; the first whole minute after now can be', () => {
    expect(analyseSchedules(DAILY, NOW).nextRun?.toISOString()).toBe('2026-10-21T12:00:00.000Z')
    const everyMinute = [{ cron: '* * * * *' }]
    const halfPast = new Date('2026-10-20T12:00:30Z')
    // 576,000 runs: the budget is not what this test is about (mutation testing slows each run).
    expect(analyseSchedules(everyMinute, halfPast, { budgetMs: 60_000 })).toMatchObject({
      nextRun: new Date('2026-10-20T12:01:00Z'),
      longestGapMs: 60_000
    })
  })

  it('no run in the horizon: the gap runs from now to the first run after it', () => {
    const leapDay = [{ cron: '0 0 29 2 *' }]
    const analysis = analyseSchedules(leapDay, NOW)
    expect(analysis.nextRun?.toISOString()).toBe('2028-02-29T00:00:00.000Z')
    expect(analysis.longestGapMs).toBe(Date.parse('2028-02-29T00:00:00Z') - NOW.getTime())
  })

  it('the last run in the horizon is followed by the gap to the next one past it', () => {
    // 1 January only: the horizon (400 days from 20 October 2026) holds 1 January 2027; the next
    // run, 1 January 2028, lies past it, so the longest gap is the whole year between them.
    expect(HORIZON_DAYS).toBe(400)
    const yearly = analyseSchedules([{ cron: '0 0 1 1 *' }], NOW)
    expect(yearly.longestGapMs).toBe(Date.parse('2028-01-01') - Date.parse('2027-01-01'))
  })

  it.each([
    ['0 6 24 11 *', '2027-11-24T06:00:00Z'], // the last run in the horizon, on its last day
    ['0 12 24 11 *', '2027-11-24T12:00:00Z'] // the last run at the horizon's very end
  ])('%p: the trailing gap reaches the first run past the horizon, not %p', cron => {
    // The horizon ends on 24 November 2027 at noon; the next run is in 2028 (a leap year).
    const analysis = analyseSchedules([{ cron }], NOW)
    expect(analysis.longestGapMs).toBe(366 * DAY_MS)
  })

  it('the first run past the horizon, on the day clocks spring forward, moves to the jump', () => {
    // 14 March 2027, 02:30 in New York does not exist: the run is at 03:00 EDT (07:00Z). The
    // horizon from 1 February 2026 ends before it; the last run in it is 14 March 2026 (EDT).
    const spring = [{ cron: '30 2 14 3 *', timezone: 'America/New_York' }]
    const analysis = analyseSchedules(spring, new Date('2026-02-01T12:00:00Z'))
    expect(analysis.nextRun?.toISOString()).toBe('2026-03-14T06:30:00.000Z')
    expect(analysis.longestGapMs).toBe(
      Date.parse('2027-03-14T07:00:00Z') - Date.parse('2026-03-14T06:30:00Z')
    )
  })

  it.each([
    // Sydney leaves summer time on 4 April 2027 at 03:00 AEDT (16:00Z the day before): 01:30
    // that morning is still AEDT (+11), a change that lies before the local midnight in UTC.
    ['30 1 4 4 *', 'Australia/Sydney', '2027-04-02T00:00:00Z', '2027-04-03T14:30:00Z'],
    // Anchorage starts summer time on 14 March 2027 at 02:00 AKST (11:00Z): noon is AKDT (-8),
    // a change late in the local day's UTC span.
    ['0 12 14 3 *', 'America/Anchorage', '2027-03-13T00:00:00Z', '2027-03-14T20:00:00Z']
  ])(
    '%p in %s, from %s: next run %s (a DST change far from UTC midnight)',
    (cron, zone, now, next) => {
      const analysis = analyseSchedules([{ cron, timezone: zone }], new Date(now))
      expect(analysis.nextRun?.toISOString()).toBe(new Date(next).toISOString())
    }
  )

  it('the first run past the horizon, on the day Sydney leaves summer time, keeps its offset', () => {
    // The horizon from 27 February 2026 ends on 3 April 2027 at 00:00Z; the runs are 01:30 AEDT
    // on 4 April 2026 and 2027, 365 days apart.
    const analysis = analyseSchedules(
      [{ cron: '30 1 4 4 *', timezone: 'Australia/Sydney' }],
      new Date('2026-02-27T00:00:00Z')
    )
    expect(analysis.nextRun?.toISOString()).toBe('2026-04-03T14:30:00.000Z')
    expect(analysis.longestGapMs).toBe(365 * DAY_MS)
  })

  it('the first run past the horizon, on the day Sydney springs forward, moves to the jump', () => {
    // 4 October 2026, 02:30 in Sydney does not exist (02:00 AEST is 16:00Z the day before, before
    // the local midnight in UTC): the run is at 03:00 AEDT (16:00Z). The horizon from 20 August
    // 2025 ends 10 days before it, past the week the horizon's own clock reads beyond its end.
    const analysis = analyseSchedules(
      [{ cron: '30 2 4 10 *', timezone: 'Australia/Sydney' }],
      new Date('2025-08-20T00:00:00Z')
    )
    expect(analysis.nextRun?.toISOString()).toBe('2025-10-03T16:30:00.000Z')
    expect(analysis.longestGapMs).toBe(
      Date.parse('2026-10-03T16:00:00Z') - Date.parse('2025-10-03T16:30:00Z')
    )
  })

  it('a run past the horizon keeps its zone: 29 February 2028 at midnight in Tokyo', () => {
    const analysis = analyseSchedules([{ cron: '0 0 29 2 *', timezone: 'Asia/Tokyo' }], NOW)
    expect(analysis.nextRun?.toISOString()).toBe('2028-02-28T15:00:00.000Z')
    expect(analysis.longestGapMs).toBe(Date.parse('2028-02-28T15:00:00Z') - NOW.getTime())
  })

  it('the stretch from now to the first run can be the longest (a leap year lies in it)', () => {
    // Just after 1 March 2027: 366 days to 1 March 2028, then 365 to 1 March 2029.
    const analysis = analyseSchedules([{ cron: '0 0 1 3 *' }], new Date('2027-03-01T00:00:30Z'))
    expect(analysis.longestGapMs).toBe(366 * DAY_MS - 30_000)
  })

  it('zones 26 hours apart: a later local day can run first, and runs are put in time order', () => {
    // 23:00 at UTC-12 is 11:00Z the next day; midnight at UTC+14 is 10:00Z the day before.
    const farApart = [
      { cron: '0 23 * * *', timezone: 'Etc/GMT+12' },
      { cron: '0 0 * * *', timezone: 'Pacific/Kiritimati' }
    ]
    const analysis = analyseSchedules(farApart, NOW)
    expect(analysis.nextRun?.toISOString()).toBe('2026-10-21T10:00:00.000Z')
    expect(analysis.longestGapMs).toBe(23 * 3_600_000)
  })

  it('a zone 14 hours ahead of UTC keeps its runs up to the horizon end', () => {
    const kiritimati = [{ cron: '30 0 * * *', timezone: 'Pacific/Kiritimati' }]
    expect(analyseSchedules(kiritimati, NOW).longestGapMs).toBe(DAY_MS)
  })

  it('the same cron twice, with other spacing, is listed twice and counted once', () => {
    const twice = [{ cron: '0 12 * * *' }, { cron: ' 0  12 * * * ' }]
    const analysis = analyseSchedules(twice, NOW)
    expect(analysis.schedules).toEqual(twice)
    expect(analysis.longestGapMs).toBe(DAY_MS)
  })

  it('a bad zone or cron is listed with why, and the others still count', () => {
    const analysis = analyseSchedules(
      [{ cron: '0 12 * * *', timezone: 'Mars/Olympus' }, { cron: 'soon' }, ...DAILY],
      NOW
    )
    expect(analysis.invalid).toEqual([
      {
        schedule: { cron: '0 12 * * *', timezone: 'Mars/Olympus' },
        reason: 'its timezone is not an IANA time zone such as Europe/Berlin'
      },
      {
        schedule: { cron: 'soon' },
        reason: 'it has 1 field; GitHub takes 5 (minute hour day month weekday)'
      }
    ])
    expect(analysis.schedules).toEqual(DAILY)
    expect(analysis.longestGapMs).toBe(DAY_MS)
  })

  it('nothing valid: no gap and no next run', () => {
    expect(analyseSchedules([{ cron: 'soon' }], NOW)).toEqual({
      schedules: [],
      invalid: [{ schedule: { cron: 'soon' }, reason: expect.stringContaining('it has 1 field;') }],
      leftOut: 0
    })
  })
})

describe('names', () => {
  it('names a schedule by its cron and zone', () => {
    expect(describeCron({ cron: '0 6 * * 1' })).toBe("cron '0 6 * * 1'")
    expect(describeCron({ cron: '0 6 * * 1', timezone: 'Europe/Berlin' })).toBe(
      "cron '0 6 * * 1' ('Europe/Berlin')"
    )
  })
})

describe('dates by arithmetic (runs.ts)', () => {
  it('gives the same month, day and weekday as Date for every day from 1900 to 2200', () => {
    const first = Date.UTC(1900, 0, 1) / DAY_MS
    const last = Date.UTC(2200, 11, 31) / DAY_MS
    const wrong: string[] = []
    for (let day = first; day <= last; day++) {
      const date = new Date(day * DAY_MS)
      const want = {
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        weekday: date.getUTCDay()
      }
      const got = dateOf(day * DAY_MS)
      if (got.month !== want.month || got.day !== want.day || got.weekday !== want.weekday)
        wrong.push(`${date.toISOString().slice(0, 10)}: ${JSON.stringify(got)}`)
    }
    expect(wrong).toEqual([])
  })
})

describe('the merge of several crons (runs.ts)', () => {
  const MINUTE_MS = 60_000

  it('a cron with no run in the horizon beside one that runs daily: the daily one decides', () => {
    const analysis = analyseSchedules([{ cron: '0 0 29 2 *' }, ...DAILY], NOW)
    expect(analysis.longestGapMs).toBe(DAY_MS)
    expect(analysis.nextRun?.toISOString()).toBe('2026-10-21T12:00:00.000Z')
  })

  it.each([5, 12, 31])(
    '%i daily crons in a shuffled order: the longest gap between their times, by brute force',
    count => {
      // Times of day spread by a fixed stride, listed in an order unlike theirs.
      const minutes = Array.from({ length: count }, (_, i) => (i * 617 + 29) % 1440)
      const crons = minutes.map(m => ({ cron: `${m % 60} ${Math.floor(m / 60)} * * *` }))
      const sorted = [...new Set(minutes)].sort((a, b) => a - b)
      const gaps = sorted.map((m, i) =>
        i + 1 < sorted.length ? sorted[i + 1]! - m : 1440 - m + sorted[0]!
      )
      const analysis = analyseSchedules(crons, NOW)
      expect(analysis.longestGapMs).toBe(Math.max(...gaps) * MINUTE_MS)
      const nowMinute = NOW.getUTCHours() * 60 + NOW.getUTCMinutes()
      const next = sorted.find(m => m > nowMinute) ?? sorted[0]! + 1440
      expect(analysis.nextRun?.getTime()).toBe(Date.UTC(2026, 9, 20) + next * MINUTE_MS)
    }
  )

  it('every 30 minutes in New York, across the repeated hour: no gap over 30 minutes', () => {
    const analysis = analyseSchedules([{ cron: '*/30 * * * *', timezone: 'America/New_York' }], NOW)
    expect(analysis.longestGapMs).toBe(30 * MINUTE_MS)
  })

  it('runs on the day the horizon ends, past its end, are not in the horizon', () => {
    // The horizon ends on 29 February 2028 at 00:30, and only the third cron runs that day.
    const now = new Date('2027-01-25T00:30:00Z')
    const crons = [
      { cron: '*/30 * 1-28 * *' },
      { cron: '*/30 * 29-31 1,3-12 *' },
      { cron: '31 0,23 29 2 *' }
    ]
    const analysis = analyseSchedules(crons, now, { budgetMs: 60_000 })
    // From the last run in the horizon (28 February, 23:30) to the first after it (00:31).
    expect(analysis.longestGapMs).toBe(61 * MINUTE_MS)
  })
})

describe('a stepped star beside a restricted day: both readings (gap.ts)', () => {
  const AMBIGUOUS = { cron: '17 6 */2 * 1' }
  const MONTHLY = { cron: '0 12 1 * *' }

  it("measures the POSIX reading with only that cron read so, the workflow's others as they are", () => {
    const analysis = analyseSchedules([AMBIGUOUS, MONTHLY], NOW)
    // POSIX reads the stepped star as restricted: the same days as 1-31/2 beside a weekday.
    const posix = analyseSchedules([{ cron: '17 6 1-31/2 * 1' }, MONTHLY], NOW)
    expect(analysis.ambiguous).toEqual([
      { schedule: AMBIGUOUS, gapMs: analysis.longestGapMs, posixGapMs: posix.longestGapMs }
    ])
    expect(posix.longestGapMs).toBeLessThan(analysis.longestGapMs!)
  })

  it('gives up when the budget runs out while measuring the other reading', () => {
    let reads = 0
    // The first reading's one look at the clock is in budget; the second's is past it.
    const analysis = analyseSchedules([AMBIGUOUS], NOW, {
      budgetMs: 5,
      elapsed: () => (reads++ === 0 ? 0 : 10)
    })
    expect(analysis).toEqual({
      schedules: [AMBIGUOUS],
      invalid: [],
      leftOut: 0,
      outOfTime: true,
      longestGapMs: expect.any(Number),
      nextRun: expect.any(Date)
    })
  })
})

describe('the first run past the horizon, found as runs are counted (runs.ts)', () => {
  // NOW + 400 days is Wednesday 2027-11-24T12:00Z.
  const nextFound = (cron: string): number | undefined => {
    const window = horizonOf(NOW)
    const clock = new ZoneClock(undefined, window.fromMs - DAY_MS, window.untilMs + 10 * DAY_MS)
    return measureGaps([{ spec: parseCron(cron), clock }], window, NOW.getTime(), () => false)?.next
  }

  it('the soonest of several, up to the end of the week past the horizon', () => {
    expect(nextFound('17 6 * * *')).toBe(Date.parse('2027-11-25T06:17:00Z'))
    // Six days and 18 hours past the horizon.
    expect(nextFound('17 6 * * 3')).toBe(Date.parse('2027-12-01T06:17:00Z'))
  })

  it('none for a cron whose next run comes later: that one is looked for day by day', () => {
    expect(nextFound('17 6 15 12 *')).toBeUndefined()
    expect(analyseSchedules([{ cron: '17 6 15 12 *' }], NOW).longestGapMs).toBe(
      Date.parse('2027-12-15T06:17:00Z') - Date.parse('2026-12-15T06:17:00Z')
    )
  })

  it('a run of a local day not walked can come before one that was (zones 26 hours apart)', () => {
    // The horizon ends 2028-03-03T08:00Z. On local 10 March, 23:00 at UTC-12 is 11 March 11:00Z;
    // on local 11 March, 0:00 at UTC+14 is 10 March 10:00Z, a day sooner.
    const now = new Date('2027-01-28T08:00:00Z')
    const analysis = analyseSchedules(
      [
        { cron: '0 23 10 3 *', timezone: 'Etc/GMT+12' },
        { cron: '0 0 11 3 *', timezone: 'Pacific/Kiritimati' }
      ],
      now
    )
    expect(analysis.nextRun?.toISOString()).toBe('2027-03-10T10:00:00.000Z')
    // The stretch after the horizon's last run ends at the sooner one.
    expect(analysis.longestGapMs).toBe(
      Date.parse('2028-03-10T10:00:00Z') - Date.parse('2027-03-11T11:00:00Z')
    )
  })
})
