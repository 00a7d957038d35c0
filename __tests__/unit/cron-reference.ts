/**
 * An independent reference for the schedule check, written apart from src/schedule: it walks
 * every UTC minute of the horizon, reads the wall clock of the zone through Intl, and decides
 * with its own reading of each cron field. Slow and obvious on purpose.
 *
 * GitHub's rules it encodes (docs: "Events that trigger workflows", schedule):
 * - POSIX five fields, names, `* , - /`, `N/step` meaning N to the end of the range, any step
 *   (one past the range leaves the start alone), and a weekday range ending in SUN ending at 7;
 * - day-of-month OR day-of-week when neither starts with `*` (Vixie cron), else AND;
 * - a run in an hour skipped by DST advances to the next valid time (the first minute after);
 * - where GitHub is silent, the hour repeated by DST: a cron whose minute or hour starts with
 *   `*` runs in both passes, a fixed time once.
 */
const MINUTE = 60_000
const DAY = 86_400_000
const SLOT = 15 * MINUTE // every zone changes offset on a quarter hour of UTC

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

function numberOf(text: string, names: string[] | undefined, base: number): number {
  const index = names ? names.indexOf(text.toLowerCase()) : -1
  return index >= 0 ? index + base : parseInt(text, 10)
}

/** Does one field admit `value`? Read part by part, straight from the text. */
function admits(field: string, value: number, min: number, max: number, names?: string[]): boolean {
  return field.split(',').some(part => {
    const [range, stepText] = part.split('/') as [string, string | undefined]
    const step = stepText === undefined ? 1 : parseInt(stepText, 10)
    let low: number
    let high: number
    if (range === '*') [low, high] = [min, max]
    else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string]
      low = numberOf(a, names, min)
      high = numberOf(b, names, min)
      // A weekday range that ends at the name SUN counts on to 7 (SAT-SUN is Saturday and Sunday).
      if (names === WEEKDAYS && b.toLowerCase() === 'sun' && high < low) high = 7
    } else {
      low = numberOf(range, names, min)
      high = stepText === undefined ? low : max
    }
    return value >= low && value <= high && (value - low) % step === 0
  })
}

interface ReferenceCron {
  minuteOfDay: boolean[]
  day(month: number, dayOfMonth: number, weekday: number): boolean
  wildcard: boolean
  timezone?: string
}

function compile(cron: string, timezone?: string): ReferenceCron {
  const [min, hour, dom, mon, dow] = cron.trim().split(/\s+/) as [
    string,
    string,
    string,
    string,
    string
  ]
  const minuteOfDay: boolean[] = []
  for (let m = 0; m < 1440; m++)
    minuteOfDay.push(admits(hour, Math.floor(m / 60), 0, 23) && admits(min, m % 60, 0, 59))
  const eitherDay = !dom.startsWith('*') && !dow.startsWith('*')
  return {
    minuteOfDay,
    day(month, dayOfMonth, weekday) {
      if (!admits(mon, month, 1, 12, MONTHS)) return false
      const byDom = admits(dom, dayOfMonth, 1, 31)
      const byDow =
        admits(dow, weekday, 0, 7, WEEKDAYS) || (weekday === 0 && admits(dow, 7, 0, 7, WEEKDAYS))
      return eitherDay ? byDom || byDow : byDom && byDow
    },
    wildcard: min.startsWith('*') || hour.startsWith('*'),
    timezone
  }
}

const offsetCaches = new Map<
  string,
  { format: Intl.DateTimeFormat; offsets: Map<number, number> }
>()
/** Local minus UTC, in ms, for the quarter hour of UTC holding `utc`. */
function offsetAt(zone: string | undefined, utc: number): number {
  if (!zone) return 0
  const slot = Math.floor(utc / SLOT) * SLOT
  let cache = offsetCaches.get(zone)
  if (!cache) {
    const format = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit'
    })
    offsetCaches.set(zone, (cache = { format, offsets: new Map() }))
  }
  let offset = cache.offsets.get(slot)
  if (offset === undefined) {
    const parts = Object.fromEntries(
      cache.format.formatToParts(slot).map(p => [p.type, Number(p.value)])
    ) as Record<string, number>
    offset =
      Date.UTC(
        parts['year']!,
        parts['month']! - 1,
        parts['day']!,
        parts['hour']!,
        parts['minute']!
      ) - slot
    cache.offsets.set(slot, offset)
  }
  return offset
}

/** Every run of one cron in (now, now + days], in whole minutes since the epoch (UTC). */
function runsOf(cron: ReferenceCron, now: number, days: number, into: Set<number>): void {
  // Whole minutes, small integers: the loop below runs 576,000 times a cron.
  const start = Math.floor(now / MINUTE) + 1
  const end = Math.floor((now + days * DAY) / MINUTE)
  const slotMinutes = SLOT / MINUTE
  let cachedDay = NaN
  let onDay = false
  const matches = (wall: number): boolean => {
    const dayNumber = Math.floor(wall / 1440)
    if (dayNumber !== cachedDay) {
      const d = new Date(dayNumber * DAY)
      onDay = cron.day(d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCDay())
      cachedDay = dayNumber
    }
    return onDay && cron.minuteOfDay[wall - dayNumber * 1440]!
  }
  // Start a few hours early, so a repeated hour at the start is known as one.
  const first = start - 4 * 60
  let previousWall = -Infinity
  let latestWall = -Infinity
  let offset = 0
  for (let utc = first; utc <= end; utc++) {
    if (utc % slotMinutes === 0 || utc === first)
      offset = offsetAt(cron.timezone, utc * MINUTE) / MINUTE
    const wall = utc + offset
    const counts = utc >= start
    if (wall > previousWall + 1 && previousWall !== -Infinity) {
      for (let skipped = previousWall + 1; skipped < wall; skipped++)
        if (matches(skipped)) {
          if (counts) into.add(utc)
          break
        }
    }
    if (counts && (wall > latestWall || cron.wildcard) && matches(wall)) into.add(utc)
    previousWall = wall
    if (wall > latestWall) latestWall = wall
  }
}

export interface ReferenceAnswer {
  longestGapMs: number
  nextRun?: number
}

export function referenceSchedule(
  schedules: ReadonlyArray<{ cron: string; timezone?: string }>,
  now: Date,
  days = 400
): ReferenceAnswer {
  const runs = new Set<number>()
  for (const { cron, timezone } of schedules)
    runsOf(compile(cron, timezone), now.getTime(), days, runs)
  const sorted = [...runs].sort((a, b) => a - b).map(minute => minute * MINUTE)
  const points = [now.getTime(), ...sorted]
  let longestGapMs = 0
  for (let i = 1; i < points.length; i++)
    longestGapMs = Math.max(longestGapMs, points[i]! - points[i - 1]!)
  // The stretch after the last run ends at the next run, however far: look on, a little first.
  const last = points[points.length - 1]!
  let from = now.getTime() + days * DAY
  for (const chunk of [2, 30, 400, 400, 400, 400, 400, 400, 400, 400]) {
    const later = new Set<number>()
    for (const { cron, timezone } of schedules) runsOf(compile(cron, timezone), from, chunk, later)
    if (later.size) {
      // A loop, not Math.min(...later): a dense cron has more runs than a call takes arguments.
      let soonest = Infinity
      for (const minute of later) soonest = Math.min(soonest, minute)
      longestGapMs = Math.max(longestGapMs, soonest * MINUTE - last)
      break
    }
    from += chunk * DAY
  }
  return { longestGapMs, nextRun: sorted[0] }
}

/** UTC instants where the zone's offset changes within (from, from + days]. */
export function offsetChanges(zone: string, from: Date, days: number): number[] {
  const changes: number[] = []
  const first = Math.ceil(from.getTime() / SLOT) * SLOT
  for (let utc = first; utc < from.getTime() + days * DAY; utc += SLOT)
    if (offsetAt(zone, utc + SLOT) !== offsetAt(zone, utc)) changes.push(utc + SLOT)
  return changes
}

export { offsetAt as referenceOffsetAt }
