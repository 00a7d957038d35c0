/**
 * One error type for everything that can go wrong talking to Tableau, carrying what a caller
 * needs to decide (kind, HTTP status, Tableau's own error code) and a message a person can act on.
 */
import { messageOf } from '../core/error-text.js'

/**
 * - `rejected`: Tableau refused the token (sign-in 401/403): the token or its settings are wrong.
 * - `http`: any other non-success HTTP answer.
 * - `network`: connection, DNS, TLS or timeout trouble: Tableau never answered.
 * - `protocol`: Tableau answered something we cannot read (HTML page, bad JSON, missing fields).
 */
export type FailureKind = 'rejected' | 'http' | 'network' | 'protocol'

export class TableauError extends Error {
  override readonly name = 'TableauError'
  constructor(
    message: string,
    readonly kind: FailureKind,
    readonly httpStatus?: number,
    readonly tableauCode?: string
  ) {
    super(message)
  }
}

/** Tableau's error payload, as parsed from JSON or XML. */
export interface TableauErrorBody {
  code?: string
  summary?: string
  detail?: string
}

/** Which call failed; the advice differs for each. */
export type Step = 'server info' | 'sign-in' | 'token list' | 'user list' | 'sign-out' | 'TCM login'

const SIGN_IN_REJECTED_CAUSES =
  'the token name or secret is wrong; the token was revoked; the token expired ' +
  '(unused for 15 days, or past its expiry date); the site content URL is wrong or does not exist; ' +
  "the token owner is not a user of that site; the token owner's authentication method was changed, which revokes PATs; " +
  'or a Tableau Cloud Manager token was used against a site'

const CLOUD_MANAGER_REJECTED_CAUSES =
  'the Tableau Cloud Manager PAT is wrong, revoked or expired (unused for 15 days, or past its expiry date); ' +
  'a site PAT was used against Tableau Cloud Manager (they are separate); or the Tableau Cloud Manager ' +
  'authentication method was changed, which revokes all Tableau Cloud Manager PATs'

/** The steps where a 401/403 means the token itself was refused, and what to tell the user. */
const REJECTIONS: Partial<Record<Step, { what: string; causes: string; todo: string }>> = {
  'sign-in': {
    what: 'Sign-in rejected',
    causes: SIGN_IN_REJECTED_CAUSES,
    todo:
      'Check the inputs token-name and site; if they are right, create a new PAT in Tableau ' +
      '(My Account Settings > Personal Access Tokens) and update the secret passed as token-secret.'
  },
  'TCM login': {
    what: 'Tableau Cloud Manager login rejected',
    causes: CLOUD_MANAGER_REJECTED_CAUSES,
    todo: 'Create a new Tableau Cloud Manager PAT (My Account Settings in Tableau Cloud Manager) and update the secret passed as token-secret.'
  }
}

/** Builds the error for a non-success HTTP answer, with advice that fits the step and code. */
export function errorForResponse(
  step: Step,
  status: number,
  body: TableauErrorBody | undefined,
  excerpt: string,
  contentType = '',
  attempts = 1
): TableauError {
  const code = body?.code
  const said = describeTableauSaid(status, body, excerpt, contentType)
  const rejection = REJECTIONS[step]
  if (rejection && (status === 401 || status === 403)) {
    return new TableauError(
      `${rejection.what} (${said}). Possible causes: ${rejection.causes}. ${rejection.todo}`,
      'rejected',
      status,
      code
    )
  }
  return new TableauError(
    `${step} failed${afterAttempts(attempts)} (${said}). ${adviceFor(step, status, code)}`.trim(),
    'http',
    status,
    code
  )
}

function describeTableauSaid(
  status: number,
  body: TableauErrorBody | undefined,
  excerpt: string,
  contentType: string
): string {
  const type = contentType.split(';')[0]?.trim()
  const parts = [`HTTP ${status}`]
  if (type && !body) parts.push(type)
  if (body?.code) parts.push(`Tableau error ${body.code}`)
  const text = [body?.summary, body?.detail].filter(Boolean).join(': ')
  if (text) parts.push(text)
  else if (excerpt) parts.push(`answer began: "${excerpt}"`)
  return parts.join(', ')
}

function adviceFor(step: Step, status: number, code: string | undefined): string {
  if (code === '401002' || (status === 401 && step !== 'sign-in')) {
    return (
      'The session ended early: another sign-in with the same PAT ends earlier sessions (one session per PAT). ' +
      'Make sure no other job uses this token at the same moment.'
    )
  }
  if (status === 404) {
    return step === 'sign-in'
      ? 'The sign-in address was not found: check that server-url is the address of Tableau Server or the Tableau Cloud pod (no path), and that api-version is supported by the server.'
      : 'Check that api-version is supported by the server.'
  }
  if (status === 429) return 'Tableau is throttling requests: run the keepalive at a quieter time.'
  if (status >= 500)
    return 'Tableau had a server-side fault: try again later; if it persists, ask the Tableau administrator.'
  if (status >= 300 && status < 400) {
    return 'Tableau answered with a redirect that was not followed: set server-url to the final address.'
  }
  return ''
}

const NETWORK_HINTS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused: check server-url and that the server is up',
  ECONNRESET: 'the connection was reset: a proxy or firewall may be in the way',
  ENOTFOUND: 'the host name could not be resolved: check server-url',
  EAI_AGAIN: 'DNS lookup failed temporarily: try again later',
  EHOSTUNREACH: 'the host is unreachable from this runner: check the network or proxy settings',
  ENETUNREACH: 'the network is unreachable from this runner: check the network or proxy settings',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server uses a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN:
    'the certificate chain ends in a self-signed (private) certificate authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'the certificate was issued by an unknown (private) certificate authority',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'the certificate chain cannot be verified (unknown issuer or missing intermediate)',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not match the host name in server-url'
}

const CA_HINT =
  ' Certificate verification stays on: if the server uses a private certificate authority, give the runner its ' +
  'certificate with the environment variable NODE_EXTRA_CA_CERTS=/path/to/ca.pem.'

function afterAttempts(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : ''
}

/** Turns a low-level network failure into an actionable message. */
export function errorForNetwork(
  step: Step,
  target: string,
  cause: unknown,
  attempts = 1
): TableauError {
  const code = (cause as { code?: unknown } | null)?.code
  const codeText = typeof code === 'string' ? code : ''
  const hint = NETWORK_HINTS[codeText] ?? messageOf(cause)
  const tls = /CERT|TLS|SSL|SIGNATURE|ISSUER/.test(codeText)
  return new TableauError(
    `${step} failed${afterAttempts(attempts)}: could not reach ${target}: ${hint}${codeText && !hint.includes(codeText) ? ` (${codeText})` : ''}.${tls ? CA_HINT : ''}`,
    'network'
  )
}
