/**
 * The schedule check against an independent minute-by-minute reference (cron-reference.ts), on
 * generated workflows: random crons with steps, ranges, lists and names; several crons per
 * workflow; and crons placed on every DST change of the next 400 days in five zones, among them
 * Lord Howe (a 30-minute change), Chatham (+12:45) and Santiago (changes at midnight).
 *
 * Seeded: SCHEDULE_SEED=<n> replays a run; a failure names the workflow and the seed.
 */
import { analyseSchedules, type Schedule } from '../../src/schedule/gap.js'
import { offsetChanges, referenceOffsetAt, referenceSchedule } from './cron-reference.js'
import { SCAN_STEP_MS } from '../../src/schedule/zone.js'
import { DAY_MS } from '../../src/core/expiry.js'

const SEED = Number(process.env['SCHEDULE_SEED'] ?? 20261130)
const NOW = new Date('2026-11-30T09:41:27Z')
const ZONES = [
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/Santiago'
]

/** mulberry32: small, seeded, good enough to spread test cases. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const MONTH_NAMES = [
  'JAN',
  'feb',
  'Mar',
  'APR',
  'may',
  'JUN',
  'jul',
  'AUG',
  'sep',
  'OCT',
  'nov',
  'DEC'
]
const DAY_NAMES = ['SUN', 'mon', 'Tue', 'WED', 'thu', 'FRI', 'sat']

function generator(rand: () => number) {
  const int = (low: number, high: number): number => low + Math.floor(rand() * (high - low + 1))
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!
  const value = (low: number, high: number, names?: string[]): string =>
    names && rand() < 0.3 ? names[int(low, high) - low]! : String(int(low, high))
  /** One comma-free part of a field, of every shape GitHub documents. */
  const part = (low: number, high: number, names?: string[]): string => {
    const shape = int(0, 5)
    if (shape === 0) return value(low, high, names)
    if (shape === 1) return `*/${int(1, Math.max(1, Math.floor((high - low) / 2)))}`
    if (shape === 2) {
      const a = int(low, high)
      const b = int(a, high)
      return `${value(a, a, names && [names[a - low]!])}-${value(b, b, names && [names[b - low]!])}`
    }
    if (shape === 3) {
      const a = int(low, high)
      return `${a}-${int(a, high)}/${int(1, 5)}`
    }
    if (shape === 4) return `${int(low, high)}/${int(1, Math.max(1, Math.floor((high - low) / 3)))}`
    return '*'
  }
  const field = (low: number, high: number, names?: string[], star = 0.3): string =>
    rand() < star ? '*' : Array.from({ length: int(1, 3) }, () => part(low, high, names)).join(',')
  const cron = (): string =>
    [
      // Minutes and hours are mostly narrow, so gaps are days long and tell something.
      rand() < 0.7 ? String(int(0, 59)) : field(0, 59, undefined, 0.1),
      rand() < 0.6 ? String(int(0, 23)) : field(0, 23, undefined, 0.1),
      field(1, 31, undefined, 0.5),
      field(1, 12, MONTH_NAMES, 0.6),
      rand() < 0.1 ? '7' : field(0, 6, DAY_NAMES, 0.5)
    ].join(' ')
  return { int, pick, cron }
}

/** A cron's fields that run in the local hour of a DST change, on its day or around it. */
function aroundChange(change: number, zone: string, rand: () => number): string[] {
  const { int, pick } = generator(rand)
  // The wall clock just before the change: the skipped or repeated stretch starts there.
  const wall = new Date(change - 60_000 + referenceOffsetAt(zone, change - 60_000))
  const hour = wall.getUTCHours()
  const day = wall.getUTCDate()
  const month = wall.getUTCMonth() + 1
  const minutes = pick(['*', '*/10', '0,30', '15', '45', '0-59/20', '30/7', String(int(0, 59))])
  const hours = pick([
    String(hour),
    `${hour}-${(hour + 1) % 24}`.replace(/^23-0$/, '23'),
    '*',
    `${hour},${(hour + 3) % 24}`
  ])
  // Mostly the day of the change alone, so its runs decide the gap and the next run.
  const days = pick([String(day), String(day), String(day), '*', `${day},${Math.max(1, day - 7)}`])
  const months = pick([String(month), String(month), String(month), '*'])
  return [`${minutes} ${hours} ${days} ${months} *`]
}

/**
 * How many generated workflows are checked: 6 in `npm test` (a few seconds), every one (about
 * 170, a minute) with SCHEDULE_REFERENCE_CASES=all, as `npm run test:reference` and CI run it,
 * and 12 under mutation testing. A sample is half random, half around DST changes.
 */
const CASES = process.env['SCHEDULE_REFERENCE_CASES'] ?? '6'
const LIMIT = CASES === 'all' ? Infinity : Number(CASES)

function workflows(): Array<{ label: string; schedules: Schedule[] }> {
  const rand = random(SEED)
  const { int, pick, cron } = generator(rand)
  const cases: Array<{ label: string; schedules: Schedule[] }> = []
  for (let i = 0; i < 110; i++) {
    const timezone = rand() < 0.5 ? pick(ZONES) : undefined
    const schedules = Array.from({ length: int(1, 4) }, () => ({
      cron: cron(),
      ...(timezone ? { timezone } : {})
    }))
    cases.push({ label: `random #${i}`, schedules })
  }
  // Crons in zones 26 hours apart (+14 h and -12 h), daily at random times, beside a random cron:
  // a later local day's run can come before an earlier one's, from the first run on.
  for (let i = 0; i < 12; i++) {
    const daily = (): string => `${int(0, 59)} ${int(0, 23)} * * *`
    const schedules: Schedule[] = [
      { cron: daily(), timezone: 'Pacific/Kiritimati' },
      { cron: daily(), timezone: 'Etc/GMT+12' },
      { cron: cron(), timezone: pick(ZONES) }
    ]
    cases.push({ label: `zones far apart #${i}`, schedules })
  }
  for (const zone of ZONES)
    for (const change of offsetChanges(zone, NOW, 400))
      for (let k = 0; k < 6; k++) {
        const schedules = aroundChange(change, zone, rand).map(c => ({ cron: c, timezone: zone }))
        // A third of them beside a second cron, so the union is measured too.
        if (k % 3 === 2) schedules.push({ cron: cron(), timezone: zone })
        cases.push({
          label: `${zone} change at ${new Date(change).toISOString()} #${k}`,
          schedules
        })
      }
  if (cases.length <= LIMIT) return cases
  const dst = cases.filter(c => c.label.includes('change'))
  return [
    ...cases.slice(0, LIMIT / 2),
    ...dst.filter((_, i) => i % Math.ceil(dst.length / (LIMIT / 2)) === 0)
  ]
}

/**
 * Where GitHub is silent, the forms classic cron accepts (issue #29): each beside the reference,
 * in UTC and in a zone with DST.
 */
const CLASSIC_FORMS = [
  '*/60 6 * * 1',
  '17 6 1 10/15 *',
  '17 6 * 6/14 *',
  '17 6 * * SAT-SUN',
  '17 6 * * fri-Sun',
  '0 0 */2 * 1',
  '0 0 */13 * 1-5',
  '17 6 1,15 * */3'
]

/** Every form in UTC and in New York with the full reference; in a sample, each form in one of them. */
const CLASSIC_CASES = CLASSIC_FORMS.flatMap((cron, i) =>
  [undefined, 'America/New_York']
    .filter((_, zone) => LIMIT === Infinity || zone === i % 2)
    .map(timezone => [cron, timezone] as const)
)

describe('the forms classic cron accepts agree with the reference', () => {
  it.each(CLASSIC_CASES)('%s (%s)', (cron, timezone) => {
    const schedules = [{ cron, ...(timezone ? { timezone } : {}) }]
    const analysis = analyseSchedules(schedules, NOW, { budgetMs: 60_000 })
    expect(analysis.invalid).toEqual([])
    const reference = referenceSchedule(schedules, NOW)
    expect({ gap: analysis.longestGapMs, next: analysis.nextRun?.getTime() }).toEqual({
      gap: reference.longestGapMs,
      next: reference.nextRun
    })
  })
})

describe(`the schedule check agrees with a brute-force reference (seed ${SEED})`, () => {
  const cases = workflows()

  it('generates enough workflows, DST changes included', () => {
    expect(cases.length).toBeGreaterThanOrEqual(Math.min(150, LIMIT))
    expect(cases.filter(c => c.label.includes('change')).length).toBeGreaterThanOrEqual(
      Math.min(50, LIMIT / 2 - 1)
    )
  })

  it('finds the same longest gap and next run for every workflow', () => {
    const disagreements: string[] = []
    for (const { label, schedules } of cases) {
      const analysis = analyseSchedules(schedules, NOW, { budgetMs: 60_000 })
      const reference = referenceSchedule(schedules, NOW)
      expect(analysis.invalid).toEqual([])
      const got = { longestGapMs: analysis.longestGapMs, nextRun: analysis.nextRun?.getTime() }
      const want = {
        longestGapMs: reference.longestGapMs,
        // Past the horizon the reference has no answer; the check looks further.
        nextRun: reference.nextRun ?? got.nextRun
      }
      if (got.longestGapMs !== want.longestGapMs || got.nextRun !== want.nextRun)
        disagreements.push(
          `${label} ${JSON.stringify(schedules)}: check ${JSON.stringify(got)}, reference ${JSON.stringify(want)} (SCHEDULE_SEED=${SEED})`
        )
    }
    expect(disagreements).toEqual([])
  }, 300_000)
})

/**
 * What the zone reader relies on: it looks for offset changes every SCAN_STEP_MS and would miss a
 * change undone within one step. Every zone Node knows, a day at a time for three years from now
 * (in the full reference: about a second).
 */
const fullReference = LIMIT === Infinity ? it : it.skip
describe('the tz data Node ships', () => {
  fullReference('changes no zone offset twice within two scan steps', () => {
    const threeYears = 3 * 365
    /** Each change, with the days since the zone's change before it. */
    const changes: Array<{ zone: string; days: number }> = []
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        timeZoneName: 'longOffset'
      })
      const offset = (day: number): string =>
        format.format(NOW.getTime() + day * DAY_MS).split('GMT')[1]!
      let previousChange = -Infinity
      let before = offset(0)
      for (let day = 1; day <= threeYears; day++) {
        const after = offset(day)
        if (after === before) continue
        changes.push({ zone, days: day - previousChange })
        previousChange = day
        before = after
      }
    }
    // The daily sample finds the changes: the test itself would fail to see none.
    expect(changes.filter(({ zone }) => zone === 'Europe/Berlin')).toHaveLength(6)
    const tooClose = changes.filter(({ days }) => days * DAY_MS < 2 * SCAN_STEP_MS)
    expect(tooClose).toEqual([])
  })
})
