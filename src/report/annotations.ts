/**
 * Which annotations the results deserve, with titles that say what happened. GitHub shows at most
 * 10 warnings and 10 errors per step, so with many tokens the findings of one level become one
 * annotation.
 */
import { siteLabel } from '../token/keepalive.js'
import { groupBy } from '../core/collections.js'
import { STATUS_SEVERITY } from '../core/status.js'
import { ANNOTATION_MESSAGE_MAX, ANNOTATIONS_PER_TYPE } from './runner-limits.js'
import type { Annotation, TokenResult } from '../core/types.js'

const RENEW =
  'Create a new PAT in Tableau (My Account Settings > Personal Access Tokens) and update the secret passed as token-secret.'

export function annotationsFor(
  results: readonly TokenResult[],
  issueWarnings: readonly string[] = []
): Annotation[] {
  const all = [
    ...results.flatMap(annotationsForToken),
    ...issueWarnings.map(message => ({
      level: 'warning' as const,
      title: 'GitHub issue not updated',
      message
    }))
  ]
  // One token gives a handful of annotations at most: each keeps its own title.
  if (results.length <= 1) return all
  return (['notice', 'warning', 'error'] as const).flatMap(level =>
    combine(
      level,
      all.filter(a => a.level === level)
    )
  )
}

const COMBINED_TITLE = { notice: 'notices', warning: 'warnings', error: 'failures' }

function combine(level: Annotation['level'], annotations: Annotation[]): Annotation[] {
  if (annotations.length <= 1) return annotations
  const worstFirst = [...annotations].sort((a, b) => (b.rank ?? 0) - (a.rank ?? 0))
  const items = worstFirst.map(a => `- ${a.title}: ${a.message}`)
  return [
    {
      level,
      title: `${annotations.length} Tableau PAT keepalive ${COMBINED_TITLE[level]}`,
      message: items.join('\n'),
      items
    }
  ]
}

function annotationsForToken(result: TokenResult): Annotation[] {
  const where =
    result.platform === 'cloud-manager'
      ? `Token "${result.tokenName}" (Tableau Cloud Manager ${result.server})`
      : `Token "${result.tokenName}" (site ${siteLabel(result.site)} on ${result.server}${result.watched ? `, watched through "${result.watchedBy}", not signed in` : ''})`
  const annotations: Annotation[] = [
    ...result.notices.map(message => ({
      level: 'notice' as const,
      title: 'Tableau PAT keepalive',
      message
    })),
    ...result.warnings.map(message => ({
      level: 'warning' as const,
      title: 'Tableau PAT keepalive',
      message: `${where}: ${message}`
    }))
  ]
  if (result.status !== 'ok') {
    const expiring = result.status === 'warning' || result.status === 'critical'
    annotations.push({
      rank: STATUS_SEVERITY.indexOf(result.status),
      level: result.status === 'warning' ? 'warning' : 'error',
      title: expiring
        ? expiresTitle(result.daysUntilExpiry)
        : result.status === 'invalid'
          ? 'Tableau PAT rejected'
          : 'Tableau PAT check failed',
      // A watched token's message says what to do: its secret is not in this workflow.
      message: `${where}: ${result.message}${expiring && !result.watched ? ` ${RENEW}` : ''}`
    })
  }
  return annotations
}

function expiresTitle(days: number | undefined): string {
  return `Tableau PAT ${expiryPhrase(days ?? -1)}`
}

/** "has expired", "expires within a day" or "expires in N days": shared by annotations and issues. */
export function expiryPhrase(days: number): string {
  if (days < 0) return 'has expired'
  if (days === 0) return 'expires within a day'
  return `expires in ${days} ${days === 1 ? 'day' : 'days'}`
}

/**
 * What the runner keeps of a step's annotations (runner-limits.ts): at most 10 of each type, each
 * message at most 4096 characters. Past 10 of a level, annotations that share a title (one
 * warning per plain-http host, say) become one, and if that is not enough the tenth carries the
 * rest. A cut message keeps its worst items and ends with how many more there were.
 */
export function withinRunnerLimits(annotations: readonly Annotation[]): Annotation[] {
  return (['notice', 'warning', 'error'] as const).flatMap(level => {
    let ofLevel = annotations.filter(a => a.level === level)
    if (ofLevel.length > ANNOTATIONS_PER_TYPE)
      ofLevel = [...groupBy(ofLevel, a => a.title).values()].flatMap(group =>
        group.length > 1 ? combine(level, group).map(retitle(group)) : group
      )
    if (ofLevel.length > ANNOTATIONS_PER_TYPE)
      ofLevel = [
        ...ofLevel.slice(0, ANNOTATIONS_PER_TYPE - 1),
        ...combine(level, ofLevel.slice(ANNOTATIONS_PER_TYPE - 1))
      ]
    return ofLevel.map(fitMessage)
  })
}

/** One title's group keeps its title, with the count. */
function retitle(group: readonly Annotation[]): (a: Annotation) => Annotation {
  return a => ({ ...a, title: `${group[0]!.title} (${group.length})` })
}

/** At most ANNOTATION_MESSAGE_MAX characters, items cut whole, with how many were left out. */
export function fitMessage(annotation: Annotation): Annotation {
  const max = ANNOTATION_MESSAGE_MAX
  if (!annotation.items) {
    const chars = Array.from(annotation.message)
    return chars.length <= max
      ? annotation
      : { ...annotation, message: chars.slice(0, max - 1).join('') + '…' }
  }
  const kept: string[] = []
  let length = 0
  const room = max - 60 // for the closing line
  for (const item of annotation.items) {
    const size = Array.from(item).length + 1
    if (length + size > room) break
    kept.push(item)
    length += size
  }
  const left = annotation.items.length - kept.length
  if (left === 0) return annotation
  if (kept.length === 0)
    kept.push(
      Array.from(annotation.items[0]!)
        .slice(0, room - 1)
        .join('') + '…'
    )
  const items = [
    ...kept,
    `… and ${annotation.items.length - kept.length} more: see the job summary.`
  ]
  return { ...annotation, items, message: items.join('\n') }
}
