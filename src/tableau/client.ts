/**
 * The Tableau REST API calls the keepalive needs: server info, sign-in, the user's token list and
 * sign-out. Returns typed values or throws TableauError; knows nothing about GitHub Actions.
 */
import { TableauError, errorForNetwork, errorForResponse, type Step } from './errors.js'
import { HttpTransport, TransportError, type HttpRequest, type HttpResponse } from './http.js'
import { detectPlatform } from './platform.js'
import { nextHop } from './redirects.js'
import { DEFAULT_RETRY_POLICY, sendWithRetries, type RetryPolicy } from './retry.js'
import {
  excerptOf,
  parseServerInfo,
  parseSignIn,
  parseTableauError,
  parseTokenList,
  parseUserPage,
  readDocument,
  type ServerInfo,
  type SignInAnswer,
  type TokenEntry,
  type UserPage
} from './responses.js'

/** Server info exists since REST API 2.4, and answers at that version on every server. */
const SERVER_INFO_VERSION = '2.4'
const REDIRECT_STATUSES = new Set([301, 302, 307, 308])

export interface Credentials {
  tokenName: string
  tokenSecret: string
  site: string
}

export interface ClientOptions {
  retry?: RetryPolicy
  /** Receives one line per HTTP exchange (method, path, status, duration); never bodies. */
  debug?: (line: string) => void
}

export interface Redirect {
  from: string
  to: string
}

export class TableauClient {
  /** Where the API lives; moves when sign-in is redirected (e.g. to a Tableau Cloud pod). */
  private base: URL
  /** Set when sign-in was redirected, so the user can be told to use the final address. */
  signInRedirect?: Redirect

  private readonly retry: RetryPolicy

  constructor(
    serverUrl: URL,
    private readonly transport: HttpTransport,
    private readonly options: ClientOptions = {}
  ) {
    this.base = new URL(serverUrl.origin)
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY
  }

  get origin(): string {
    return this.base.origin
  }

  /** Not retried: the version is a nicety, and waiting for it would hold up the sign-out. */
  async serverInfo(): Promise<ServerInfo> {
    const { doc } = await this.request(
      'server info',
      'GET',
      `/api/${SERVER_INFO_VERSION}/serverinfo`,
      {
        retries: 0
      }
    )
    return parseServerInfo(doc)
  }

  async signIn(version: string, credentials: Credentials): Promise<SignInAnswer> {
    const body = JSON.stringify({
      credentials: {
        personalAccessTokenName: credentials.tokenName,
        personalAccessTokenSecret: credentials.tokenSecret,
        site: { contentUrl: credentials.site }
      }
    })
    const { doc, url } = await this.request('sign-in', 'POST', `/api/${version}/auth/signin`, {
      body
    })
    if (url.origin !== this.base.origin) {
      this.signInRedirect = { from: this.base.origin, to: url.origin }
      this.base = new URL(url.origin)
    }
    return parseSignIn(doc)
  }

  /** The PATs of the signed-in user, or (for a site admin) of another user of the site. */
  async listTokens(
    version: string,
    session: SignInAnswer,
    userId = session.userId,
    deadlineAt?: number
  ): Promise<TokenEntry[]> {
    const path = `/api/${version}/sites/${encodeURIComponent(session.siteId)}/users/${encodeURIComponent(userId)}/personal-access-tokens`
    const { doc } = await this.request('token list', 'GET', path, {
      sessionToken: session.token,
      deadlineAt
    })
    return parseTokenList(doc)
  }

  /** One page of the site's users (REST "Get Users on Site"; pageSize at most 1000). */
  async listSiteUsers(
    version: string,
    session: SignInAnswer,
    pageNumber: number,
    pageSize: number,
    deadlineAt?: number
  ): Promise<UserPage> {
    const path = `/api/${version}/sites/${encodeURIComponent(session.siteId)}/users?pageSize=${pageSize}&pageNumber=${pageNumber}`
    const { doc } = await this.request('user list', 'GET', path, {
      sessionToken: session.token,
      deadlineAt
    })
    return parseUserPage(doc)
  }

  async signOut(version: string, sessionToken: string): Promise<void> {
    await this.request('sign-out', 'POST', `/api/${version}/auth/signout`, {
      sessionToken,
      expectBody: false
    })
  }

  /**
   * Sends one API call, re-sending it (same verb and body) across at most three redirects that stay
   * on the same origin (or move between Tableau Cloud pods over https) and on the same API path;
   * anything else is refused, so that the secret and session token never reach another origin.
   */
  async request(
    step: Step,
    method: HttpRequest['method'],
    path: string,
    options: {
      body?: string
      sessionToken?: string
      expectBody?: boolean
      retries?: number
      /** All attempts end by then (ms since the epoch), when sooner than the retries' own bound. */
      deadlineAt?: number
    } = {}
  ): Promise<{ doc: Record<string, unknown>; url: URL }> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (options.body !== undefined) headers['Content-Type'] = 'application/json'
    if (options.sessionToken !== undefined) headers['X-Tableau-Auth'] = options.sessionToken

    let url = new URL(path, this.base)
    for (let hop = 0; ; hop++) {
      const request = { method, url, headers, body: options.body }
      const { res, attempts } = await this.send(
        step,
        request,
        options.retries ?? this.retry.retries,
        options.deadlineAt
      )
      if (!REDIRECT_STATUSES.has(res.status) || !res.location) {
        return { doc: await this.checkAnswer(step, res, attempts, options.expectBody ?? true), url }
      }
      url = redirectTarget(step, url, res.location, hop)
    }
  }

  private async send(
    step: Step,
    request: HttpRequest,
    retries: number,
    deadlineAt?: number
  ): Promise<{ res: HttpResponse; attempts: number }> {
    const sent = await sendWithRetries(
      this.transport,
      request,
      { ...this.retry, retries },
      line => this.options.debug?.(line),
      deadlineAt
    )
    if ('failure' in sent) throw this.failureError(step, request, sent.failure, sent.attempts)
    return sent
  }

  private failureError(
    step: Step,
    request: HttpRequest,
    failure: TransportError,
    attempts: number
  ): TableauError {
    if (failure.code === 'EBODYTOOLARGE') {
      return new TableauError(
        `${step} failed: ${failure.message}; this is not a Tableau REST API answer.`,
        'protocol'
      )
    }
    return errorForNetwork(step, request.url.origin, failure, attempts)
  }

  private async checkAnswer(
    step: Step,
    res: HttpResponse,
    attempts: number,
    expectBody: boolean
  ): Promise<Record<string, unknown>> {
    const doc = await readDocument(res)
    if (res.status < 200 || res.status >= 300) {
      throw errorForResponse(
        step,
        res.status,
        parseTableauError(doc),
        excerptOf(res.body),
        res.contentType,
        attempts
      )
    }
    if (!expectBody) return {}
    if (!doc) {
      const type = res.contentType ? ` (${res.contentType.split(';')[0]})` : ''
      const excerpt = excerptOf(res.body)
      throw new TableauError(
        `${step} failed: HTTP ${res.status}${type} was not a Tableau REST API answer` +
          `${describeUnreadable(res.body, excerpt)}. ` +
          'An SSO login page or a proxy may be in the way: check that server-url is the Tableau address itself.',
        'protocol',
        res.status
      )
    }
    return doc
  }
}

function describeUnreadable(body: string, excerpt: string): string {
  if (excerpt) return `; it began: "${excerpt}"`
  if (!body.trim()) return ' (empty body)'
  return ` (${Buffer.byteLength(body)} bytes of markup or data with no readable text, e.g. nesting too deep to parse)`
}

export function redirectTarget(step: Step, from: URL, location: string, hop: number): URL {
  const next = nextHop(from, location, hop, mayFollow)
  if ('refused' in next) throw refused(step, from, next.refused)
  const { to } = next
  if (to.pathname !== from.pathname)
    throw refused(
      step,
      from,
      `redirected to ${to.origin}${to.pathname}, which is not the same REST API call`
    )
  return to
}

function refused(step: Step, from: URL, what: string): TableauError {
  return new TableauError(
    `${step} failed: ${from.origin} ${what}; not followed, so the token is not sent there. ` +
      'Set server-url to the address of Tableau Server or of your Tableau Cloud pod (e.g. https://10ay.online.tableau.com).',
    'http'
  )
}

/**
 * Where a request (and the secret in it) may be re-sent: the same origin (scheme, host and port),
 * or from a Tableau Cloud host to another Tableau Cloud host (the pod redirect), over https on the
 * default port. Nothing else, however alike the names: tableau.co.uk is not attacker.co.uk's.
 */
export function mayFollow(from: URL, to: URL): boolean {
  if (to.origin === from.origin) return true
  return (
    from.protocol === 'https:' &&
    to.protocol === 'https:' &&
    to.port === '' &&
    detectPlatform(from.hostname) === 'cloud' &&
    detectPlatform(to.hostname) === 'cloud'
  )
}
