/** The job summary: one table row per token, then what each token needs. */
import type { TokenResult } from '../keepalive.js'
import type { Status } from '../status.js'

const STATUS_ICON: Record<Status, string> = {
  ok: '✅',
  warning: '⚠️',
  critical: '🛑',
  invalid: '❌',
  error: '❗'
}
const HEADERS = [
  'Token',
  'Site',
  'Platform',
  'Status',
  'Days left',
  'Expires at',
  'Refresh by',
  'API version'
]

/** The summary as HTML (GitHub renders it as Markdown, where HTML tables are allowed). */
export function summaryHtml(results: TokenResult[]): string {
  const rows = results.map(result => [
    result.tokenName,
    result.site || '(Default)',
    result.platform === 'cloud' ? 'Tableau Cloud' : 'Tableau Server',
    `${STATUS_ICON[result.status]} ${result.status}`,
    result.daysUntilExpiry === undefined ? 'unknown' : String(result.daysUntilExpiry),
    result.expiresAt ?? '',
    result.refreshBy ?? '',
    result.apiVersion
  ])
  const table =
    '<table>' +
    `<tr>${HEADERS.map(header => `<th>${header}</th>`).join('')}</tr>` +
    rows
      .map(cells => `<tr>${cells.map(cell => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
      .join('') +
    '</table>'
  const notes = results.flatMap(result =>
    [result.message, ...result.warnings]
      .filter(Boolean)
      .map(text => `<li><b>${escapeHtml(result.tokenName)}</b>: ${escapeHtml(text)}</li>`)
  )
  return `<h3>Tableau PAT keepalive</h3>\n${table}\n${notes.length ? `<ul>${notes.join('')}</ul>\n` : ''}`
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`)
}
