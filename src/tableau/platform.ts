/** Tells Tableau Cloud and Tableau Cloud Manager from Tableau Server by host name. */

import type { Platform } from '../core/types.js'

export type { Platform }
export type PlatformChoice = Platform | 'auto'

export const PLATFORM_LABELS: Record<Platform, string> = {
  server: 'Tableau Server',
  cloud: 'Tableau Cloud',
  'cloud-manager': 'Tableau Cloud Manager'
}

const CLOUD_DOMAIN = 'online.tableau.com'
const CLOUD_MANAGER_DOMAIN = 'cloudmanager.tableau.com'

/** A domain match, never a substring: online.tableau.com.evil.example is not Tableau Cloud. */
export function detectPlatform(hostname: string): Platform {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  const within = (domain: string): boolean => host === domain || host.endsWith(`.${domain}`)
  if (within(CLOUD_DOMAIN)) return 'cloud'
  if (within(CLOUD_MANAGER_DOMAIN)) return 'cloud-manager'
  return 'server'
}

export function resolvePlatform(choice: PlatformChoice, hostname: string): Platform {
  return choice === 'auto' ? detectPlatform(hostname) : choice
}
