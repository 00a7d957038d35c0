/**
 * A cron expression as GitHub documents it (POSIX five fields; names; `*`, `,`, `-` and `/`,
 * including a start with a step such as `20/15`), parsed into the sets of values it matches.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#schedule
 *
 * Where GitHub is silent the classic (Vixie) cron rules apply, as POSIX describes them:
 * - day-of-month and day-of-week both restricted (neither starts with `*`): a day matching either
 *   runs; otherwise both must match. A day field that starts with `*` and has more (a star with a step) is read
 *   as Vixie cron reads it, as a star: fewer days run than by POSIX's reading, so the gap is the
 *   worse of the two (`ambiguousDays` says when the readings differ);
 * - a step larger than the range is taken (a star with step 60 is minute 0, `10/15` in months is
 *   October), and a weekday range that ends in the name SUN ends at 7 (`SAT-SUN`);
 * - in the hour repeated when clocks go back, a cron whose minute or hour starts with `*` runs in
 *   both passes, a fixed time only in the first.
 */

export interface CronSpec {
  /** Sorted minutes of the day (hour * 60 + minute) at which it runs on a matching day. */
  minutesOfDay: number[]
  daysOfMonth: boolean[] // index 1..31
  months: boolean[] // index 1..12
  weekdays: boolean[] // index 0..6, Sunday = 0
  /** The day fields as written (day, month, weekday): crons with the same ones run on the same days. */
  dayFields: string
  /** Day-of-month and day-of-week both restricted: either matches (POSIX). */
  dayOrWeekday: boolean
  daysRestricted: boolean
  weekdaysRestricted: boolean
  /** Minute or hour starts with `*`: runs again in the repeated hour when clocks go back. */
  wildcardTime: boolean
  /**
   * Neither day field is `*` itself, and one starts with `*` (a star with a step): POSIX would
   * read either day as enough, Vixie cron (and this check) both.
   */
  ambiguousDays: boolean
}

/** Why a cron was refused: a sentence that quotes at most a short piece of it. */
export class CronError extends Error {}

const MONTH_NAMES = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC'
]
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

interface FieldRule {
  name: string
  min: number
  max: number
  /** Names for the values from `min` on. */
  names?: readonly string[]
}

const FIELDS: readonly FieldRule[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  // 7 is Sunday too, as in GitHub's and most crons' reading.
  { name: 'day of week', min: 0, max: 7, names: DAY_NAMES }
]

/** Crons and zones are quoted at most this long in messages, with their length said. */
export const QUOTE_LIMIT = 100

/** `'text'`, or its start and its length when it is long: a message never echoes a whole file. */
export function quoteShort(text: string): string {
  const chars = Array.from(text)
  return chars.length <= QUOTE_LIMIT
    ? `'${text}'`
    : `'${chars.slice(0, QUOTE_LIMIT).join('')}…' (${chars.length} characters)`
}

export function parseCron(text: string): CronSpec {
  const fields = text.match(/\S+/g) ?? []
  if (fields.length === 0) throw new CronError('it is empty')
  if (fields.length !== 5)
    throw new CronError(
      `it has ${fields.length} field${fields.length === 1 ? '' : 's'}; GitHub takes 5 (minute hour day month weekday)`
    )
  const minutes = parseField(fields[0]!, FIELDS[0]!)
  const hours = parseField(fields[1]!, FIELDS[1]!)
  const days = parseField(fields[2]!, FIELDS[2]!)
  const months = parseField(fields[3]!, FIELDS[3]!)
  const weekdays = parseField(fields[4]!, FIELDS[4]!)
  if (weekdays[7]) weekdays[0] = true
  const daysRestricted = !fields[2]!.startsWith('*')
  const weekdaysRestricted = !fields[4]!.startsWith('*')
  const minuteValues = valuesIn(minutes)
  const spec: CronSpec = {
    minutesOfDay: valuesIn(hours).flatMap(hour => minuteValues.map(minute => hour * 60 + minute)),
    daysOfMonth: days,
    months,
    weekdays: weekdays.slice(0, 7),
    dayFields: `${fields[2]} ${fields[3]} ${fields[4]}`,
    dayOrWeekday: daysRestricted && weekdaysRestricted,
    daysRestricted,
    weekdaysRestricted,
    wildcardTime: fields[0]!.startsWith('*') || fields[1]!.startsWith('*'),
    // POSIX reads a day field as restricted unless it is `*` itself, Vixie cron unless it starts
    // with `*`: they differ when neither is `*` and one is a star with a step.
    ambiguousDays: fields[2] !== '*' && fields[4] !== '*' && !(daysRestricted && weekdaysRestricted)
  }
  if (!canEverRun(spec)) throw new CronError('it never runs (no such date)')
  return spec
}

function parseField(field: string, rule: FieldRule): boolean[] {
  // Stryker disable next-line ArithmeticOperator: equivalent, an array grows where it is written
  const set = new Array<boolean>(rule.max + 1).fill(false)
  const parts = field.split(',')
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!
    const match = /^(\*|([0-9]+|[A-Za-z]{3})(?:-([0-9]+|[A-Za-z]{3}))?)(?:\/([0-9]+))?$/.exec(part)
    if (!match)
      throw new CronError(
        `${quoteShort(part)} is not POSIX cron (numbers, names, *, -, / and , only)`
      )
    const first = match[2]
    const last = match[3]
    const stepText = match[4]
    const step = stepText === undefined ? 1 : Number(stepText)
    // Only a written step can be 0. A step past the range is classic cron's too: the start alone.
    if (step < 1)
      throw new CronError(`step ${quoteShort(stepText!)} of the ${rule.name} is out of range`)
    let from = rule.min
    let to = rule.max
    if (first !== undefined) {
      from = valueOf(first, rule)
      // `20/15` starts at 20 and runs to the end of the range (GitHub's own example).
      to = last !== undefined ? valueOf(last, rule) : stepText !== undefined ? rule.max : from
      // `SAT-SUN`: a weekday range that would run backwards to the name SUN ends at 7.
      // Only a weekday name is 0 (months start at 1, and a minute or hour has no names).
      if (to < from && to === 0 && /[a-z]/i.test(last!)) to = 7
    }
    if (from > to) throw new CronError(`the ${rule.name} range ${quoteShort(part)} runs backwards`)
    for (let value = from; value <= to; value += step) set[value] = true
  }
  return set
}

function valueOf(text: string, rule: FieldRule): number {
  const named = rule.names?.indexOf(text.toUpperCase()) ?? -1
  // A name, or else digits (the pattern allows no other text): NaN for an unknown name.
  const value = named >= 0 ? rule.min + named : Number(text)
  if (!Number.isSafeInteger(value) || value < rule.min || value > rule.max)
    throw new CronError(
      `${quoteShort(text)} is not a valid ${rule.name} (${rule.min}-${rule.max}${rule.names ? ' or a name' : ''})`
    )
  return value
}

/** The values a field's set holds, in order: indexOf steps from one to the next natively. */
function valuesIn(set: readonly boolean[]): number[] {
  const values: number[] = []
  for (let value = set.indexOf(true); value !== -1; value = set.indexOf(true, value + 1))
    values.push(value)
  return values
}

const LONGEST_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/**
 * False only when the days of the month named exist in none of the months named (`31 2`); every
 * field holds at least one value, so there is always a time of day.
 */
function canEverRun(spec: CronSpec): boolean {
  if (!spec.daysRestricted || spec.weekdaysRestricted) return true
  for (let month = 1; month <= 12; month++)
    for (let day = 1; day <= LONGEST_MONTH[month]!; day++)
      if (spec.months[month] && spec.daysOfMonth[day]) return true
  return false
}

/** The same cron read as POSIX reads a stepped star beside a restricted day: either day runs. */
export function posixReading(spec: CronSpec): CronSpec {
  return { ...spec, dayOrWeekday: true }
}

/** Whether the cron runs on this calendar date (weekday 0 = Sunday). */
export function runsOnDate(
  spec: CronSpec,
  { month, day, weekday }: { month: number; day: number; weekday: number }
): boolean {
  if (!spec.months[month]) return false
  const byDay = spec.daysOfMonth[day]!
  const byWeekday = spec.weekdays[weekday]!
  return spec.dayOrWeekday ? byDay || byWeekday : byDay && byWeekday
}
