/**
 * The job summary: counts per status, one table row per token (worst first), then what each
 * token needs. Every piece of text from outside goes through inertHtml (one line, HTML-escaped),
 * so no name or message can end the HTML block and become Markdown. Bounded for any number of
 * tokens: GitHub drops a step summary over 1 MiB whole (runner-limits.ts).
 */
import { groupThousands } from '../text/numbers.js'
import { STATUS_COLUMN, resultTable } from './columns.js'
import { earliestRefreshBy } from './outputs.js'
import { SUMMARY_MAX_ROWS } from './runner-limits.js'
import { STATUS_SEVERITY, type Status } from '../core/status.js'
import { lateRun, type ScheduleVerdict } from '../schedule/verdict.js'
import { escapeHtml, inertHtml } from '../text/safe-text.js'
import type { TokenResult } from '../core/types.js'

export { escapeHtml }

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
  const sorted = worstFirst(results)
  const shown = sorted.slice(0, SUMMARY_MAX_ROWS)
  const rows = shown.map(result => {
    const cells = row(result).map(inertHtml)
    cells[STATUS_COLUMN] = `${STATUS_ICON[result.status]} ${result.status}`
    return cells
  })
  const table =
    '<table>' +
    `<tr>${headers.map(header => `<th>${header}</th>`).join('')}</tr>` +
    rows.map(cells => `<tr>${cells.map(cell => `<td>${cell}</td>`).join('')}</tr>`).join('') +
    '</table>'
  const notes = shown.flatMap(result =>
    [result.message, ...result.warnings]
      .filter(Boolean)
      .map(text => `<li><b>${inertHtml(result.tokenName)}</b>: ${inertHtml(text)}</li>`)
  )
  return (
    `<h3>Tableau PAT keepalive</h3>\n<p>${countsLine(results)}</p>\n${table}\n` +
    leftOutLine(sorted.slice(SUMMARY_MAX_ROWS)) +
    (notes.length ? `<ul>${notes.join('')}</ul>\n` : '') +
    scheduleNote(results, schedule)
  )
}

function countsLine(results: readonly TokenResult[]): string {
  return [...STATUS_SEVERITY]
    .reverse()
    .map(status => [status, results.filter(result => result.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${STATUS_ICON[status]} ${groupThousands(count)} ${status}`)
    .join(' · ')
}

/** "and 5,812 more: 5,800 ok, 12 warning; see the results-file output". */
function leftOutLine(rest: readonly TokenResult[]): string {
  if (rest.length === 0) return ''
  const counts = [...STATUS_SEVERITY]
    .reverse()
    .map(status => [status, rest.filter(result => result.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${groupThousands(count)} ${status}`)
    .join(', ')
  return `<p>… and ${groupThousands(rest.length)} more (${counts}), not shown: every token is in the file named by the <code>results-file</code> output.</p>\n`
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

/**
 * Worst status first; within a status, soonest expiry first, tokens whose expiry is unknown last.
 * Stable, so equal tokens keep their input order.
 */
export function worstFirst(results: readonly TokenResult[]): TokenResult[] {
  const severity = (result: TokenResult): number => STATUS_SEVERITY.indexOf(result.status)
  const days = (result: TokenResult): number => result.daysUntilExpiry ?? Infinity
  return [...results].sort((a, b) => severity(b) - severity(a) || Math.sign(days(a) - days(b)) || 0)
}
