/** What a token check concluded, and which conclusions fail the step. */

export type Status = 'ok' | 'warning' | 'critical' | 'invalid' | 'error'

export const FAILING_STATUSES: readonly Status[] = ['critical', 'invalid', 'error']

export interface Thresholds {
  warnDays: number
  failDays: number
}

/** Exactly `warnDays` left is still ok; one less is a warning. Unknown expiry is ok. */
export function statusForDaysLeft(
  daysLeft: number | undefined,
  { warnDays, failDays }: Thresholds
): Status {
  if (daysLeft === undefined) return 'ok'
  if (daysLeft < 0 || daysLeft < failDays) return 'critical'
  if (daysLeft < warnDays) return 'warning'
  return 'ok'
}

export function isFailing(status: Status): boolean {
  return FAILING_STATUSES.includes(status)
}
