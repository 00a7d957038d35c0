/** Tells Tableau Cloud from Tableau Server by host name. */

export type Platform = 'server' | 'cloud'
export type PlatformChoice = Platform | 'auto'

const CLOUD_DOMAIN = 'online.tableau.com'

/** Cloud for online.tableau.com and its pods (*.online.tableau.com); a domain match, never a substring. */
export function detectPlatform(hostname: string): Platform {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  return host === CLOUD_DOMAIN || host.endsWith(`.${CLOUD_DOMAIN}`) ? 'cloud' : 'server'
}

export function resolvePlatform(choice: PlatformChoice, hostname: string): Platform {
  return choice === 'auto' ? detectPlatform(hostname) : choice
}
