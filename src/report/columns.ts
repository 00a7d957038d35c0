/** The columns of the results table, shared by the job summary and the terminal. */
import { PLATFORM_LABELS } from '../tableau/platform.js'
import type { TokenResult } from '../core/types.js'

export const RESULT_HEADERS = [
  'Token',
  'Site',
  'Server',
  'Platform',
  'Status',
  'Days left',
  'Expires at',
  'Refresh by',
  'API version'
]
export const STATUS_COLUMN = RESULT_HEADERS.indexOf('Status')

/**
 * The headers and a row maker for these results: with a Checked column ("signed in" or "watched
 * (not signed in)") when some token is watched (watch-owner-tokens).
 */
export function resultTable(results: readonly TokenResult[]): {
  headers: string[]
  row(result: TokenResult): string[]
} {
  const checked = results.some(result => result.watched || result.skipped)
  const owners = results.some(result => result.owner)
  if (!checked && !owners) return { headers: RESULT_HEADERS, row: resultCells }
  return {
    headers: [...RESULT_HEADERS, ...(checked ? ['Checked'] : []), ...(owners ? ['Owner'] : [])],
    row: result => [
      ...resultCells(result),
      ...(checked ? [checkedHow(result)] : []),
      ...(owners ? [result.owner ?? ''] : [])
    ]
  }
}

function checkedHow(result: TokenResult): string {
  if (result.watched) return 'watched (not signed in)'
  return result.skipped ? 'listed, used recently (not signed in)' : 'signed in'
}

export function resultCells(result: TokenResult): string[] {
  return [
    result.tokenName,
    result.platform === 'cloud-manager' ? '-' : result.site || '(Default)',
    result.server,
    PLATFORM_LABELS[result.platform],
    result.status,
    result.daysUntilExpiry === undefined ? 'unknown' : String(result.daysUntilExpiry),
    result.expiresAt ?? '',
    result.refreshBy ?? '',
    result.apiVersion
  ]
}
