/** How one input value is read: booleans, lists, numbers in range, choices, printable text. */
import { InputError } from '../core/input-error.js'
import { SIGN_IN_FLOOR_VERSION, compareVersions } from '../token/versions.js'
import { firstUnprintable, unicodeEscape } from '../text/safe-text.js'

export const MAX_TIMEOUT_SECONDS = 600
export const MAX_CONCURRENCY = 50
export const MAX_RETRIES = 10

/**
 * Names, sites, labels and logins are printed and sent on: a control character in them is a
 * mistake at best (a pasted line break) and an injection at worst, so it is refused, not quoted.
 */
export function printable(name: string, value: string): string {
  const char = firstUnprintable(value)
  if (char === undefined) return value
  const what = char === '\n' || char === '\r' ? 'a line break' : 'a control character'
  throw new InputError(
    `${name} contains ${what} (${unicodeEscape(char)}) at position ${value.indexOf(char) + 1}. Remove it; names, sites, labels and logins are single-line text.`
  )
}

export function parseList(raw: string): string[] {
  return raw
    .split(',')
    .map(item => item.trim())
    .filter(Boolean)
}

/** As core.getBooleanInput: true/True/TRUE or false/False/FALSE, empty is false; else undefined. */
export function booleanWord(raw: string): boolean | undefined {
  if (raw === '' || ['false', 'False', 'FALSE'].includes(raw)) return false
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  return undefined
}

export function parseBoolean(name: string, raw: string): boolean {
  const value = booleanWord(raw)
  if (value !== undefined) return value
  throw new InputError(`${name} must be true or false, got "${raw}".`)
}

export function parseWholeDays(name: string, raw: string, fallback: number): number {
  if (raw === '') return fallback
  if (!/^\d{1,5}$/.test(raw))
    throw new InputError(
      `${name} must be a whole number of days, got "${raw}". Use 0 or more, e.g. ${fallback}.`
    )
  return Number(raw)
}

export function parseTimeoutSeconds(raw: string): number {
  if (raw === '') return 30
  const seconds = Number(raw)
  if (!/^\d+(\.\d+)?$/.test(raw) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new InputError(
      `timeout-seconds must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, got "${raw}".`
    )
  }
  return seconds
}

/** site-watch-seconds: the site walk's total time, whole seconds from 1 to an hour. */
export const DEFAULT_SITE_WATCH_SECONDS = 300
export const MAX_SITE_WATCH_SECONDS = 3600

export function parseSiteWatchSeconds(raw: string): number {
  if (raw === '') return DEFAULT_SITE_WATCH_SECONDS
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_SITE_WATCH_SECONDS)
    throw new InputError(
      `site-watch-seconds must be a whole number of seconds from 1 to ${MAX_SITE_WATCH_SECONDS}, got "${raw}". The default is ${DEFAULT_SITE_WATCH_SECONDS}.`
    )
  return Number(raw)
}

export function parseRetries(raw: string): number {
  if (raw === '') return 3
  if (!/^\d{1,2}$/.test(raw) || Number(raw) > MAX_RETRIES) {
    throw new InputError(`retries must be a whole number from 0 to ${MAX_RETRIES}, got "${raw}".`)
  }
  return Number(raw)
}

export function parseConcurrency(raw: string): number {
  if (raw === '') return 4
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_CONCURRENCY) {
    throw new InputError(
      `concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got "${raw}".`
    )
  }
  return Number(raw)
}

export function parseApiVersion(raw: string): string {
  if (raw === 'auto') return raw
  if (!/^\d+\.\d+$/.test(raw))
    throw new InputError(`api-version must be "auto" or a version such as 3.19, got "${raw}".`)
  if (compareVersions(raw, SIGN_IN_FLOOR_VERSION) < 0) {
    throw new InputError(
      `api-version ${raw} is too old: signing in with a PAT needs ${SIGN_IN_FLOOR_VERSION} or later. Use "auto".`
    )
  }
  return raw
}

export function parseChoice<T extends string>(name: string, raw: string, choices: readonly T[]): T {
  const value = raw.toLowerCase()
  if (!(choices as readonly string[]).includes(value)) {
    throw new InputError(`${name} must be one of ${choices.join(', ')}; got "${raw}".`)
  }
  return value as T
}

/** Whole days from `min` to `max`; the fallback when empty. */
export function parseDaysInRange(
  name: string,
  raw: string,
  fallback: number,
  min: number,
  max: number
): number {
  const days = parseWholeDays(name, raw, fallback)
  if (days < min || days > max)
    throw new InputError(
      `${name} must be a whole number of days from ${min} to ${max}, got ${days}.`
    )
  return days
}
