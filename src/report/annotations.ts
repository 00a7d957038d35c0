/**
 * Which annotations the results deserve, with titles that say what happened. GitHub shows at most
 * 10 warnings and 10 errors per step, so with many tokens the findings of one level become one
 * annotation.
 */
import { siteLabel, type TokenResult } from '../keepalive.js'

export interface Annotation {
  level: 'notice' | 'warning' | 'error'
  title: string
  message: string
  /** A combined annotation's findings, one per line of message. */
  items?: string[]
}

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
  const items = annotations.map(a => `- ${a.title}: ${a.message}`)
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
