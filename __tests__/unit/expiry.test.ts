import {
  DAY_MS,
  daysUntil,
  formatInstant,
  parseInstant,
  parseTimeToExpiration
} from '../../src/core/expiry.js'
import { isFailing, statusForDaysLeft } from '../../src/core/status.js'

describe('parseTimeToExpiration', () => {
  it.each([
    ['173:21:12', ((173 * 24 + 21) * 60 + 12) * 60_000],
    ['364:0:5', (364 * 24 * 60 + 5) * 60_000],
    [' 0:00:01 ', 60_000],
    ['12:03:04:05', ((12 * 24 + 3) * 60 + 4) * 60_000 + 5000]
  ])('reads %s', (text, ms) => {
    expect(parseTimeToExpiration(text)).toBe(ms)
  })

  it.each([undefined, '', 'soon', '173', '173:21', '-1:0:0', '1.5:0:0', '1:2:3:4:5', '1:222:3'])(
    'gives undefined for %p',
    text => {
      expect(parseTimeToExpiration(text)).toBeUndefined()
    }
  )
})

describe('parseInstant', () => {
  it('reads instants that name their zone', () => {
    expect(parseInstant('2024-06-12T16:55:46Z')?.toISOString()).toBe('2024-06-12T16:55:46.000Z')
    expect(parseInstant('2024-06-12T18:55:46+02:00')?.toISOString()).toBe(
      '2024-06-12T16:55:46.000Z'
    )
    expect(parseInstant('2024-06-12T16:55:46.123Z')?.toISOString()).toBe('2024-06-12T16:55:46.123Z')
  })

  it.each([
    undefined,
    '',
    'never',
    '2024-06-12',
    '2024-06-12T16:55:46',
    '2024-13-45T99:99:99Z',
    '12/06/2024'
  ])('rejects %p', text => {
    expect(parseInstant(text)).toBeUndefined()
  })
})

describe('daysUntil', () => {
  const now = new Date('2026-11-23T12:00:00Z')
  it('counts whole days, rounded down, in UTC', () => {
    expect(daysUntil(new Date('2026-12-05T12:00:00Z'), now)).toBe(12)
    expect(daysUntil(new Date('2026-12-05T11:59:59Z'), now)).toBe(11)
    expect(daysUntil(new Date(now.getTime() + DAY_MS - 1), now)).toBe(0)
    expect(daysUntil(new Date(now.getTime() - 1), now)).toBe(-1)
  })

  it('formats instants without milliseconds', () => {
    expect(formatInstant(new Date('2026-12-05T11:59:59.999Z'))).toBe('2026-12-05T11:59:59Z')
  })
})

describe('statusForDaysLeft', () => {
  const thresholds = { warnDays: 30, failDays: 7 }
  it.each([
    [undefined, 'ok'],
    [365, 'ok'],
    [30, 'ok'],
    [29, 'warning'],
    [7, 'warning'],
    [6, 'critical'],
    [0, 'critical'],
    [-1, 'critical']
  ])('%p days left is %s', (days, status) => {
    expect(statusForDaysLeft(days, thresholds)).toBe(status)
  })

  it('treats an expired token as critical even with fail-days 0', () => {
    expect(statusForDaysLeft(-1, { warnDays: 0, failDays: 0 })).toBe('critical')
    expect(statusForDaysLeft(0, { warnDays: 0, failDays: 0 })).toBe('ok')
    expect(statusForDaysLeft(0, { warnDays: 1, failDays: 0 })).toBe('warning')
  })

  it('fails the step on critical, invalid and error only', () => {
    expect(
      ['ok', 'warning', 'critical', 'invalid', 'error'].filter(s => isFailing(s as never))
    ).toEqual(['critical', 'invalid', 'error'])
  })
})
