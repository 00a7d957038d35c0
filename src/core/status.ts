/** What a token check concluded, and which conclusions fail the step. */

export type Status = 'ok' | 'warning' | 'critical' | 'invalid' | 'error'

/** Least to most severe: a token Tableau rejects is already dead; one about to expire comes next. */
export const STATUS_SEVERITY: readonly Status[] = ['ok', 'warning', 'error', 'critical', 'invalid']

const FAILING_STATUSES: readonly Status[] = ['critical', 'invalid', 'error']

export interface Thresholds {
  warnDays: number
  failDays: number
}

/** Exactly `warnDays` left is still ok; one less is a warning. Unknown expiry is ok. */
export function statusForDaysLeft(
  daysLeft: number | undefined,
  { warnDays, failDays }: Thresholds
): Status {
  // Stryker disable next-line ConditionalExpression: equivalent, undefined compares false below; said plainly
  if (daysLeft === undefined) return 'ok'
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent while fail-days >= 0 (inputs ensure it); expired is said plainly
  if (daysLeft < 0 || daysLeft < failDays) return 'critical'
  if (daysLeft < warnDays) return 'warning'
  return 'ok'
}

export function isFailing(status: Status): boolean {
  return FAILING_STATUSES.includes(status)
}

export function worstStatus(statuses: readonly Status[]): Status {
  return statuses.reduce<Status>(
    (worst, status) =>
      // Stryker disable next-line EqualityOperator: equivalent, equal severity is the same status
      STATUS_SEVERITY.indexOf(status) > STATUS_SEVERITY.indexOf(worst) ? status : worst,
    'ok'
  )
}
