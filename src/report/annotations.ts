/** Which annotations a token result deserves, with titles that say what happened. */
import { siteLabel, type TokenResult } from '../keepalive.js'

export interface Annotation {
  level: 'notice' | 'warning' | 'error'
  title: string
  message: string
}

const RENEW =
  'Create a new PAT in Tableau (My Account Settings > Personal Access Tokens) and update the secret passed as token-secret.'

export function annotationsFor(result: TokenResult): Annotation[] {
  const where = `Token "${result.tokenName}" (site ${siteLabel(result.site)} on ${result.server})`
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
  switch (result.status) {
    case 'warning':
      annotations.push({
        level: 'warning',
        title: expiresTitle(result.daysUntilExpiry),
        message: `${where}: ${result.message} ${RENEW}`
      })
      break
    case 'critical':
      annotations.push({
        level: 'error',
        title: expiresTitle(result.daysUntilExpiry),
        message: `${where}: ${result.message} ${RENEW}`
      })
      break
    case 'invalid':
      annotations.push({
        level: 'error',
        title: 'Tableau PAT rejected',
        message: `${where}: ${result.message}`
      })
      break
    case 'error':
      annotations.push({
        level: 'error',
        title: 'Tableau PAT check failed',
        message: `${where}: ${result.message}`
      })
      break
  }
  return annotations
}

function expiresTitle(days: number | undefined): string {
  if (days === undefined || days < 0) return 'Tableau PAT has expired'
  if (days === 0) return 'Tableau PAT expires within a day'
  return `Tableau PAT expires in ${days} ${days === 1 ? 'day' : 'days'}`
}
