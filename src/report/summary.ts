/** The job summary: counts per status, one table row per token (soonest expiry first), then what each token needs. */
import type { TokenResult } from '../keepalive.js'
import { STATUS_COLUMN, resultTable } from './columns.js'
import { earliestRefreshBy } from './outputs.js'
import { STATUS_SEVERITY, isFailing, type Status } from '../status.js'
import { lateRun, type ScheduleVerdict } from '../schedule/check.js'

export const STATUS_ICON: Record<Status, string> = {
  ok: '✅',
  warning: '⚠️',
  critical: '🛑',
  invalid: '❌',
  error: '❗'
}

/** The summary as HTML (GitHub renders it as Markdown, where HTML tables are allowed). */
export function summaryHtml(results: readonly TokenResult[], schedule?: ScheduleVerdict): string {
  const { headers, row } = resultTable(results)
  const rows = sortedForAttention(results).map(result => {
    const cells = row(result)
    cells[STATUS_COLUMN] = `${STATUS_ICON[result.status]} ${result.status}`
    return cells
  })
  const counts = [...STATUS_SEVERITY]
    .reverse()
    .map(status => [status, results.filter(result => result.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${STATUS_ICON[status]} ${count} ${status}`)
    .join(' · ')
  const table =
    '<table>' +
    `<tr>${headers.map(header => `<th>${header}</th>`).join('')}</tr>` +
    rows
      .map(cells => `<tr>${cells.map(cell => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
      .join('') +
    '</table>'
  const notes = results.flatMap(result =>
    [result.message, ...result.warnings]
      .filter(Boolean)
      .map(text => `<li><b>${escapeHtml(result.tokenName)}</b>: ${escapeHtml(text)}</li>`)
  )
  return `<h3>Tableau PAT keepalive</h3>\n<p>${counts}</p>\n${table}\n${notes.length ? `<ul>${notes.join('')}</ul>\n` : ''}${scheduleNote(results, schedule)}`
}

/** The next scheduled run beside the earliest refresh-by, said plainly when it comes too late. */
function scheduleNote(
  results: readonly TokenResult[],
  schedule: ScheduleVerdict | undefined
): string {
  if (!schedule?.nextRun) return ''
  const refreshBy = earliestRefreshBy(results)
  const late = lateRun(refreshBy, schedule.nextRun)
  const gap = schedule.gapDays === undefined ? '' : `; up to ${schedule.gapDays} days between runs`
  return (
    `<p>Next scheduled run: ${escapeHtml(schedule.nextRun)}${refreshBy ? ` (refresh by ${escapeHtml(refreshBy)})` : ''}${gap}.</p>\n` +
    (late ? `<p>⚠️ <b>${escapeHtml(late)}</b></p>\n` : '')
  )
}

/** Soonest expiry first; tokens whose expiry is unknown go first when they failed, last when they are fine. */
function sortedForAttention(results: readonly TokenResult[]): TokenResult[] {
  const key = (result: TokenResult): number =>
    result.daysUntilExpiry ?? (isFailing(result.status) ? -Infinity : Infinity)
  return [...results].sort((a, b) => Math.sign(key(a) - key(b)) || 0) // NaN (two infinities) ties
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`)
}
