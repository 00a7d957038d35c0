/**
 * The cron parser field by field (issue #23): every name, range, step and message, so that no
 * mutant of cron.ts survives for want of a case. The gap arithmetic is tested in schedule.test.ts.
 */
import { parseCron, quoteShort, runsOnDate, type CronSpec } from '../../src/schedule/cron.js'

const indexes = (set: boolean[]): number[] => set.flatMap((on, i) => (on ? [i] : []))
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

describe('names', () => {
  it.each(MONTHS.map((name, i) => [name, i + 1]))('month %s is %d, in any case', (name, month) => {
    for (const text of [name, name.toLowerCase(), name[0] + name.slice(1).toLowerCase()])
      expect(indexes(parseCron(`0 0 1 ${text} *`).months)).toEqual([month])
  })

  it.each(DAYS.map((name, i) => [name, i]))('day %s is %d, in any case', (name, weekday) => {
    for (const text of [name, name.toLowerCase()])
      expect(indexes(parseCron(`0 0 * * ${text}`).weekdays)).toEqual([weekday])
  })

  it('7 is Sunday, and a range of names runs through the week', () => {
    expect(indexes(parseCron('0 0 * * 7').weekdays)).toEqual([0])
    expect(indexes(parseCron('0 0 * * fri-7').weekdays)).toEqual([0, 5, 6])
    expect(indexes(parseCron('0 0 * jun-aug *').months)).toEqual([6, 7, 8])
  })
})

describe('values, ranges and steps', () => {
  it.each([
    ['30 1,2 * * *', [90, 150]],
    ['20/15 0 * * *', [20, 35, 50]], // a start with a step runs to the end of the range
    ['20-40/15 0 * * *', [20, 35]],
    ['*/59 0 * * *', [0, 59]],
    ['0 */23 * * *', [0, 1380]],
    ['5 1-3 * * *', [65, 125, 185]],
    ['59 23 * * *', [1439]]
  ])('%p runs at minutes of the day %p', (cron, minutes) => {
    expect(parseCron(cron).minutesOfDay).toEqual(minutes)
  })

  it.each([
    ['1-31/10', [1, 11, 21, 31]],
    ['*/15', [1, 16, 31]],
    ['31', [31]]
  ])('day of month %p is %p', (field, days) => {
    expect(indexes(parseCron(`0 0 ${field} * *`).daysOfMonth)).toEqual(days)
  })

  it.each([
    ['', 'it is empty'],
    ['0 0 * *', 'it has 4 fields; GitHub takes 5 (minute hour day month weekday)'],
    ['60 0 * * *', "'60' is not a valid minute (0-59)"],
    ['abc 0 * * *', "'abc' is not a valid minute (0-59)"],
    ['0 24 * * *', "'24' is not a valid hour (0-23)"],
    ['0 0 0 * *', "'0' is not a valid day of month (1-31)"],
    ['0 0 32 * *', "'32' is not a valid day of month (1-31)"],
    ['0 0 * 0 *', "'0' is not a valid month (1-12 or a name)"],
    ['0 0 * 13 *', "'13' is not a valid month (1-12 or a name)"],
    ['0 0 * mon *', "'mon' is not a valid month (1-12 or a name)"],
    ['0 0 * * 8', "'8' is not a valid day of week (0-7 or a name)"],
    ['0 0 * * jan', "'jan' is not a valid day of week (0-7 or a name)"],
    ['*/0 0 * * *', "step '0' of the minute is out of range"],
    ['0 0 * * 5-0', "the day of week range '5-0' runs backwards"],
    ['0 0 * * fri-mon', "the day of week range 'fri-mon' runs backwards"],
    ['0 0 * * 5-1', "the day of week range '5-1' runs backwards"],
    ['0 0 1,x * *', "'x' is not POSIX cron (numbers, names, *, -, / and , only)"],
    ['0 0 30 2 *', 'it never runs (no such date)'],
    ['0 0 31 4,6,9,11 *', 'it never runs (no such date)']
  ])('%p is refused: %p', (cron, message) => {
    expect(() => parseCron(cron)).toThrow(new Error(message))
  })

  it.each(['0 0 29 2 *', '0 0 31 4,5 *', '0 0 31 2 1', '0 0 30 */2 *'])('%p can run', cron => {
    expect(() => parseCron(cron)).not.toThrow()
  })
})

describe('which days run', () => {
  // 2027-08-13 is a Friday.
  const friday13 = { month: 8, day: 13, weekday: 5 }
  const saturday14 = { month: 8, day: 14, weekday: 6 }
  const runs = (cron: string, date: typeof friday13): boolean => runsOnDate(parseCron(cron), date)

  it('both restricted: either matches (POSIX)', () => {
    const spec: CronSpec = parseCron('0 0 14 * 5')
    expect(spec).toMatchObject({
      dayOrWeekday: true,
      daysRestricted: true,
      weekdaysRestricted: true
    })
    expect(runs('0 0 14 * 5', friday13)).toBe(true)
    expect(runs('0 0 14 * 5', saturday14)).toBe(true)
    expect(runs('0 0 15 * 4', friday13)).toBe(false)
  })

  it('one starts with *: both must match, and * with a step still counts as *', () => {
    expect(parseCron('0 0 */2 * 5')).toMatchObject({ dayOrWeekday: false, daysRestricted: false })
    expect(parseCron('0 0 13 * */2')).toMatchObject({
      dayOrWeekday: false,
      weekdaysRestricted: false
    })
    expect(runs('0 0 13 * */2', friday13)).toBe(false) // Friday is day 5: not every other day from 0
    expect(runs('0 0 */2 * 5', friday13)).toBe(true) // the 13th is odd and a Friday
    expect(runs('0 0 */2 * 6', friday13)).toBe(false)
    expect(runs('0 0 13 * *', friday13)).toBe(true)
    expect(runs('0 0 13 * *', saturday14)).toBe(false)
    expect(runs('0 0 * * 6', saturday14)).toBe(true)
  })

  it('the month always has to match', () => {
    expect(runs('0 0 13 7 5', friday13)).toBe(false)
    expect(runs('0 0 13 aug 5', friday13)).toBe(true)
  })

  it.each([
    ['*/5 3 * * *', true],
    ['0 */2 * * *', true],
    ['0 3 * * *', false],
    ['0-59 3 * * *', false]
  ])('%p runs twice in a repeated hour: %p', (cron, wildcard) => {
    expect(parseCron(cron).wildcardTime).toBe(wildcard)
  })
})

describe('quotes', () => {
  it('quotes 100 characters whole, and cuts 101 with their count, by code point', () => {
    expect(quoteShort('a'.repeat(100))).toBe(`'${'a'.repeat(100)}'`)
    expect(quoteShort('😀'.repeat(101))).toBe(`'${'😀'.repeat(100)}…' (101 characters)`)
  })
})

describe('what classic cron accepts where GitHub is silent (issue #29)', () => {
  const days = (set: readonly boolean[]) => set.flatMap((on, i) => (on ? [i] : []))

  it.each([
    ['*/60 0 * * *', [0]],
    ['*/99999999999999999999 0 * * *', [0]],
    ['0 */24 * * *', [0]],
    ['30/45 5 * * *', [5 * 60 + 30]]
  ])('a step past the range leaves the start alone: %p', (cron, minutes) => {
    expect(parseCron(cron).minutesOfDay).toEqual(minutes)
  })

  it.each([
    ['0 0 1 10/15 *', [10]],
    ['0 0 1 6/14 *', [6]],
    ['0 0 1 oct/12 *', [10]]
  ])('a month that starts with a step past the range: %p', (cron, months) => {
    expect(days(parseCron(cron).months)).toEqual(months)
  })

  it.each([
    ['0 0 * * SAT-SUN', [0, 6]],
    ['0 0 * * fri-sun', [0, 5, 6]],
    ['0 0 * * Sun-Sun', [0]],
    ['0 0 * * SUN-SAT', [0, 1, 2, 3, 4, 5, 6]],
    ['0 0 * * sat-sun/2', [6]]
  ])('a weekday range that ends in the name SUN ends at 7: %p', (cron, weekdays) => {
    expect(days(parseCron(cron).weekdays)).toEqual(weekdays)
  })

  it.each([
    ['0 0 */2 * 1', true],
    ['0 0 1 * */2', true],
    ['0 0 */1 * mon', true],
    ['0 0 * * 1', false],
    ['0 0 */2 * *', false],
    ['0 0 */2 * */3', true],
    ['0 0 1-31/2 * 1', false]
  ])('a stepped star beside a restricted day is ambiguous: %p -> %p', (cron, ambiguous) => {
    expect(parseCron(cron).ambiguousDays).toBe(ambiguous)
  })
})
