/**
 * ZoneClock against an independent reading of the zone: the local date and time Intl gives for an
 * instant, field by field (formatToParts), not the "GMT+05:30" form the clock parses. Offset
 * changes are found by brute force (every hour, then every minute of an hour that changed), and
 * every answer of the clock at and around each change is checked against them: the offset, the
 * days it is steady, a local time skipped or repeated, and a clock read again or reused.
 */
import { DAY_MS } from '../../src/core/expiry.js'
import { isTimeZone, OFFSET_CHANGES, ZoneClock } from '../../src/schedule/zone.js'

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS
const FROM = Date.UTC(2026, 0, 1)
const UNTIL = Date.UTC(2027, 1, 1)

/** Zones with whole-hour, half-hour and 45-minute offsets and DST steps, west and east, and none. */
const ZONES = [
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'America/St_Johns',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Africa/Casablanca',
  'Asia/Kolkata',
  'Etc/GMT+12',
  'UTC'
]

function referenceOffsetFor(zone: string): (utcMs: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric'
  })
  return utcMs => {
    const part: Record<string, number> = {}
    for (const { type, value } of format.formatToParts(utcMs)) part[type] = Number(value)
    const local = Date.UTC(
      part['year']!,
      part['month']! - 1,
      part['day'],
      part['hour'],
      part['minute']
    )
    return local - Math.floor(utcMs / MINUTE_MS) * MINUTE_MS
  }
}

interface Change {
  at: number
  before: number
  after: number
}

/** Every offset change in [from, until): the first minute of the new offset. */
function referenceChanges(
  offsetAt: (utcMs: number) => number,
  from: number,
  until: number
): Change[] {
  const changes: Change[] = []
  for (let hour = from; hour < until; hour += HOUR_MS) {
    const before = offsetAt(hour)
    if (offsetAt(hour + HOUR_MS) === before) continue
    let at = hour + MINUTE_MS
    while (offsetAt(at) === before) at += MINUTE_MS
    changes.push({ at, before, after: offsetAt(at) })
  }
  return changes
}

const reference = new Map(
  ZONES.map(zone => {
    const offsetAt = referenceOffsetFor(zone)
    return [zone, { offsetAt, changes: referenceChanges(offsetAt, FROM, UNTIL) }]
  })
)

describe.each(ZONES)('the clock of %s', zone => {
  const { offsetAt, changes } = reference.get(zone)!
  const clock = new ZoneClock(zone, FROM, UNTIL)

  it('the reference finds its changes: two in the 13 months with DST, none without', () => {
    const steady = ['Asia/Kolkata', 'Etc/GMT+12', 'UTC'].includes(zone)
    expect(changes).toHaveLength(steady ? 0 : 2)
  })

  it('has the reference offset at every change, the minute before it, and at noon every 9 days', () => {
    const instants = changes.flatMap(({ at }) => [at - MINUTE_MS, at, at + HOUR_MS])
    for (let at = FROM; at < UNTIL; at += 9 * DAY_MS + 12 * HOUR_MS) instants.push(at)
    for (const at of instants) expect([at, clock.offsetAt(at)]).toEqual([at, offsetAt(at)])
  })

  it('is steady across a stretch exactly when no change falls after its start, up to its end', () => {
    const changesIn = (from: number, to: number): boolean =>
      changes.some(({ at }) => at > from && at <= to)
    const stretches = changes.flatMap(({ at }) => [
      [at - DAY_MS, at],
      [at - DAY_MS, at - MINUTE_MS],
      [at, at + DAY_MS],
      [at - MINUTE_MS, at + MINUTE_MS]
    ])
    stretches.push([FROM, FROM + 40 * DAY_MS], [Date.UTC(2026, 5, 1), Date.UTC(2026, 6, 1)])
    for (const [from, to] of stretches)
      expect([from, to, clock.steadyBetween(from!, to!)]).toEqual([
        from,
        to,
        !changesIn(from!, to!)
      ])
  })

  it('tells each day its steady offset in minutes, or that it changes, for margins that meet a change exactly', () => {
    // Margins of 0 and 15 h, and for each change the two that put it on a stretch's very start
    // and very end: a day's stretch runs from its midnight less the margin to its end plus it.
    const margins = new Set([0, 15 * HOUR_MS])
    for (const { at } of changes) margins.add(at % DAY_MS).add(DAY_MS - (at % DAY_MS))
    const firstDay = FROM / DAY_MS + 2
    const count = (UNTIL - FROM) / DAY_MS - 4
    for (const margin of margins) {
      const offsets = clock.steadyOffsetMinutes(firstDay, count, margin)
      expect(offsets).toHaveLength(count)
      offsets.forEach((offset, k) => {
        const start = (firstDay + k) * DAY_MS - margin
        const end = start + DAY_MS + 2 * margin
        const changing = changes.some(({ at }) => at > start && at <= end)
        const expected = changing ? OFFSET_CHANGES : offsetAt(start) / MINUTE_MS
        expect([margin, k, offset]).toEqual([margin, k, expected])
      })
    }
  })

  it('names the instants of a local time: once, twice in a repeated hour, or the jump that skips it', () => {
    for (const { at, before, after } of changes) {
      // Every local minute from an hour before the change's local time to an hour after it.
      const around = Math.min(at + before, at + after)
      for (let local = around - HOUR_MS; local <= around + 3 * HOUR_MS; local += 15 * MINUTE_MS) {
        const instants = [local - before, local - after]
          .filter((utc, i, all) => all.indexOf(utc) === i && utc + offsetAt(utc) === local)
          .sort((a, b) => a - b)
        const expected =
          instants.length === 2
            ? { kind: 'twice', first: instants[0], second: instants[1] }
            : instants.length === 1
              ? { kind: 'once', at: instants[0] }
              : { kind: 'skipped', next: at }
        expect([local, clock.toUtc(local)]).toEqual([local, expected])
      }
    }
  })
})

describe('a clock read over a window', () => {
  it('is reused for any window inside the one read, ends included, and read again otherwise', () => {
    const clock = new ZoneClock('Europe/Berlin', FROM, UNTIL)
    expect(clock.over(FROM, UNTIL)).toBe(clock)
    expect(clock.over(FROM + DAY_MS, UNTIL - DAY_MS)).toBe(clock)
    for (const [from, to] of [
      [FROM - 1, UNTIL],
      [FROM, UNTIL + 1],
      [FROM - DAY_MS, UNTIL + DAY_MS]
    ]) {
      const again = clock.over(from!, to!)
      expect(again).not.toBe(clock)
      expect([again.zone, again.fromMs, again.toMs]).toEqual(['Europe/Berlin', from, to])
    }
  })

  it('read again past its end knows the changes there', () => {
    const early = new ZoneClock('Europe/Berlin', FROM, Date.UTC(2026, 1, 1))
    const later = early.over(FROM, Date.UTC(2027, 5, 1))
    const summer2027 = Date.UTC(2027, 4, 1)
    expect(later.offsetAt(summer2027)).toBe(2 * HOUR_MS)
    expect(later.toUtc(Date.UTC(2027, 2, 28, 2, 30))).toEqual({
      kind: 'skipped',
      next: Date.UTC(2027, 2, 28, 1)
    })
  })
})

describe('a clock without a zone', () => {
  it('is UTC: every local time once, at itself, and every day steady at offset 0', () => {
    const clock = new ZoneClock(undefined, FROM, UNTIL)
    for (const at of [FROM, Date.UTC(2026, 2, 29, 2, 30), Date.UTC(2026, 9, 25, 2, 30)]) {
      expect(clock.toUtc(at)).toEqual({ kind: 'once', at })
      expect(clock.offsetAt(at)).toBe(0)
    }
    expect(clock.steadyBetween(FROM, UNTIL)).toBe(true)
    expect([...clock.steadyOffsetMinutes(FROM / DAY_MS, 400, 15 * HOUR_MS)]).toEqual(
      new Array(400).fill(0)
    )
  })
})

describe('isTimeZone', () => {
  it.each(['UTC', 'Europe/Berlin', 'Etc/GMT+12', 'Asia/Calcutta'])('knows %s', zone => {
    expect(isTimeZone(zone)).toBe(true)
  })
  it.each(['Mars/Olympus', 'Europe/Berlin ', '', 'GMT+5'])('refuses "%s"', zone => {
    expect(isTimeZone(zone)).toBe(false)
  })
})
