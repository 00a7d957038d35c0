/** Tableau Cloud Manager (TCM) PAT login: its own API and its own tokens, separate from sites. */
import { TableauError } from './errors.js'
import type { TableauClient } from './client.js'
import { looksLikeSessionToken } from './responses.js'

/** TCM's REST API has one version in its paths. */
export const CLOUD_MANAGER_API_VERSION = 'v1'

export interface CloudManagerSession {
  sessionToken: string
}

/** POST /api/v1/pat/login with the secret alone: TCM does not take the token's name. */
export async function cloudManagerLogin(
  client: TableauClient,
  secret: string
): Promise<CloudManagerSession> {
  const { doc } = await client.request(
    'TCM login',
    'POST',
    `/api/${CLOUD_MANAGER_API_VERSION}/pat/login`,
    {
      body: JSON.stringify({ token: secret })
    }
  )
  const sessionToken = doc['sessionToken']
  if (typeof sessionToken !== 'string' || !looksLikeSessionToken(sessionToken)) {
    throw new TableauError(
      `TCM login: Tableau Cloud Manager's answer could not be read: sessionToken ${typeof sessionToken === 'string' && sessionToken ? 'does not look like a session token' : 'is missing'}. Check that server-url is the Tableau Cloud Manager address.`,
      'protocol'
    )
  }
  return { sessionToken }
}
