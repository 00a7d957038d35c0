/** The columns of the results table, shared by the job summary and the terminal. */
import type { TokenResult } from '../keepalive.js'
import { PLATFORM_LABELS } from '../tableau/platform.js'

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
