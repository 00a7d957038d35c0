/**
 * A fake Tableau REST API on 127.0.0.1 for tests, the demo and the benchmark. It behaves like the
 * real thing where the action depends on it (one session per PAT, 401001 on bad tokens, JSON or
 * XML by Accept, the three token-list shapes) and records every request.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'

export interface FakeToken {
  name: string
  secret: string
  site: string
  /** When the token expires (ISO-8601); omitted = Tableau does not say. */
  expiresAt?: string
  /** Whether sign-in reports estimatedTimeToExpiration (default: only when expiresAt is set and reportOnSignIn is not false). */
  reportOnSignIn?: boolean
  /** Tokens of the same user share a userId. */
  userId?: string
  /** How the server answers this token's sign-in instead of the normal answer. */
  signInFault?: Fault
  /** Sent as estimatedTimeToExpiration as is, instead of the value computed from expiresAt. */
  rawTimeToExpiration?: string
  /** Sent as the token list's expiresAt as is, instead of expiresAt. */
  rawListedExpiresAt?: string
  /** The token list's lastUsedAt, as is (omitted when undefined); a sign-in sets it to now. */
  lastUsedAt?: string
  /** Sent as the session token as is, instead of a fresh random one. */
  rawSessionToken?: string
}

/** A misbehaviour, for the first `times` requests of its step (every request when not given). */
export type Fault = { times?: number } & (
  | {
      kind: 'status'
      status: number
      body?: string
      contentType?: string
      headers?: Record<string, string>
    }
  | { kind: 'hang' }
  | { kind: 'redirect'; status: number; location: string }
  /** Headers and half of a body, then the connection is cut. */
  | { kind: 'reset' }
  /** Headers, then one byte of body every `everyMs`, forever. */
  | { kind: 'trickle'; everyMs: number }
  /** An answer built from the request's body (a server that reflects what it was sent). */
  | { kind: 'echo'; status: number; contentType: string; render: (requestBody: string) => string }
)

export interface FakeTableauOptions {
  tokens: FakeToken[]
  platform?: 'server' | 'cloud' | 'cloud-manager'
  restApiVersion?: string
  /** Added before every answer, to model network round trips. */
  latencyMs?: number
  tokenListShape?: 'array' | 'nested' | 'single'
  faults?: Partial<
    Record<'serverInfo' | 'signIn' | 'tokenList' | 'signOut' | 'cloudManagerLogin', Fault>
  >
  /** Serve https with this key and certificate (PEM). */
  tls?: { key: string; cert: string }
  /** The site's users, for "Get Users on Site" (a site admin's view); their tokens by userId. */
  users?: Array<{ id: string; name: string; fullName?: string }>
  /** How the token list of one user answers instead (e.g. a 429 for the first request). */
  userTokenListFaults?: Record<string, Fault>
}

export interface RecordedRequest {
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  body: string
  startedAt: number
  endedAt?: number
  status?: number
}

interface Session {
  token: FakeToken
  sessionToken: string
  siteId: string
}

const SITE_ID = (site: string): string => `site-${site || 'default'}-0000-4000-8000-000000000000`

export class FakeTableauServer {
  readonly requests: RecordedRequest[] = []
  /** Every session token handed out, so tests can search output for leaks. */
  readonly issuedSessionTokens: string[] = []
  private readonly sessions = new Map<string, Session>()
  private server?: Server
  private readonly hung = new Set<ServerResponse>()
  private readonly faultUses = new Map<Fault, number>()

  constructor(readonly options: FakeTableauOptions) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | null
    if (!address) throw new Error('fake Tableau server not started')
    return `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${address.port}`
  }

  /** Live sessions by token name (a new sign-in replaces the old one, as on Tableau). */
  activeSessions(): string[] {
    return [...this.sessions.values()].map(session => session.token.name)
  }

  requestsTo(pathPart: string): RecordedRequest[] {
    return this.requests.filter(request => request.path.includes(pathPart))
  }

  /** Listens on 127.0.0.1, on a free port unless one is given. */
  async start(port = 0): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => void this.handle(req, res)
    this.server = this.options.tls
      ? createHttpsServer(this.options.tls, handler)
      : createServer(handler)
    await new Promise<void>(resolve => this.server!.listen(port, '127.0.0.1', resolve))
    return this.url
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy()
    this.server?.closeAllConnections()
    await new Promise<void>(resolve =>
      this.server ? this.server.close(() => resolve()) : resolve()
    )
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      startedAt: performance.now()
    }
    this.requests.push(record)
    res.on('finish', () => {
      record.endedAt = performance.now()
      record.status = res.statusCode
    })
    if (this.options.latencyMs)
      await new Promise(resolve => setTimeout(resolve, this.options.latencyMs))
    this.route(req, record, res)
  }

  private route(req: IncomingMessage, record: RecordedRequest, res: ServerResponse): void {
    const path = record.path.split('?')[0] ?? ''
    const xml = !String(req.headers.accept ?? '').includes('application/json')
    let match: RegExpExecArray | null
    if (
      req.method === 'POST' &&
      path === '/api/v1/pat/login' &&
      this.options.platform === 'cloud-manager'
    ) {
      if (this.applyFault('cloudManagerLogin', res, record)) return
      return this.cloudManagerLogin(record.body, res)
    }
    if (req.method === 'GET' && path === '/api/2.4/serverinfo') {
      if (this.applyFault('serverInfo', res, record)) return
      return this.serverInfo(res, xml)
    }
    if ((match = /^\/api\/(\d+\.\d+)\/auth\/signin$/.exec(path)) && req.method === 'POST') {
      if (this.applyFault('signIn', res, record)) return
      return this.signIn(match[1]!, record, res, xml)
    }
    if (
      (match = /^\/api\/(\d+\.\d+)\/sites\/([^/]+)\/users\/([^/]+)\/personal-access-tokens$/.exec(
        path
      )) &&
      req.method === 'GET'
    ) {
      if (this.applyFault('tokenList', res, record)) return
      const userFault = this.options.userTokenListFaults?.[decodeURIComponent(match[3]!)]
      if (userFault && this.applyFault(userFault, res, record)) return
      return this.tokenList(match[1]!, decodeURIComponent(match[3]!), req, res, xml)
    }
    if ((match = /^\/api\/(\d+\.\d+)\/sites\/([^/]+)\/users$/.exec(path)) && req.method === 'GET') {
      if (!this.sessionOf(req)) return sendSessionInvalid(res, xml)
      const query = new URLSearchParams(record.path.split('?')[1] ?? '')
      const size = Number(query.get('pageSize') ?? 100)
      const page = Number(query.get('pageNumber') ?? 1)
      const users = this.options.users ?? []
      return sendJson(res, 200, {
        pagination: {
          pageNumber: String(page),
          pageSize: String(size),
          totalAvailable: String(users.length)
        },
        users: { user: users.slice((page - 1) * size, page * size) }
      })
    }
    if ((match = /^\/api\/(\d+\.\d+)\/auth\/signout$/.exec(path)) && req.method === 'POST') {
      if (this.applyFault('signOut', res, record)) return
      const session = this.sessionOf(req)
      if (!session) return sendSessionInvalid(res, xml)
      this.sessions.delete(session.sessionToken)
      res.writeHead(204).end()
      return
    }
    sendError(
      res,
      404,
      '404003',
      'Resource Not Found',
      `Unknown resource '${path}' specified in URI.`,
      xml
    )
  }

  /** Answers with the fault set for `step` (or the fault given); false when there is none. */
  private applyFault(
    step: keyof NonNullable<FakeTableauOptions['faults']> | Fault,
    res: ServerResponse,
    record: RecordedRequest
  ): boolean {
    const fault = typeof step === 'string' ? this.options.faults?.[step] : step
    if (!fault) return false
    const used = this.faultUses.get(fault) ?? 0
    if (fault.times !== undefined && used >= fault.times) return false
    this.faultUses.set(fault, used + 1)
    switch (fault.kind) {
      case 'hang':
        this.hung.add(res)
        break
      case 'redirect':
        res.writeHead(fault.status, { Location: fault.location }).end()
        break
      case 'reset':
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '400' })
        res.write('{"credentials": {"token": "')
        setTimeout(() => res.destroy(), 20)
        break
      case 'trickle': {
        this.hung.add(res)
        res.writeHead(200, { 'Content-Type': 'application/json' })
        const timer = setInterval(
          () => (res.destroyed ? clearInterval(timer) : res.write(' ')),
          fault.everyMs
        )
        res.on('close', () => clearInterval(timer))
        break
      }
      case 'echo':
        res
          .writeHead(fault.status, { 'Content-Type': fault.contentType })
          .end(fault.render(record.body))
        break
      case 'status':
        res
          .writeHead(fault.status, {
            'Content-Type': fault.contentType ?? 'text/html',
            ...fault.headers
          })
          .end(fault.body ?? '')
    }
    return true
  }

  private serverInfo(res: ServerResponse, xml: boolean): void {
    const version = this.options.restApiVersion ?? '3.24'
    if (xml) {
      return sendXml(
        res,
        200,
        `<serverInfo><productVersion build="20241.24.0312.0830">2024.1.0</productVersion><restApiVersion>${version}</restApiVersion></serverInfo>`
      )
    }
    sendJson(res, 200, {
      serverInfo: {
        productVersion: { value: '2024.1.0', build: '20241.24.0312.0830' },
        restApiVersion: version
      }
    })
  }

  private signIn(
    version: string,
    record: RecordedRequest,
    res: ServerResponse,
    xml: boolean
  ): void {
    const body = record.body
    if (versionNumber(version) < versionNumber('3.6')) {
      return sendError(res, 404, '404003', 'Resource Not Found', `Unknown version ${version}.`, xml)
    }
    let credentials:
      | {
          personalAccessTokenName?: unknown
          personalAccessTokenSecret?: unknown
          site?: { contentUrl?: unknown }
        }
      | undefined
    try {
      credentials = (JSON.parse(body) as { credentials?: typeof credentials }).credentials
    } catch {
      return sendError(
        res,
        400,
        '400000',
        'Bad Request',
        'Payload is either malformed or incomplete',
        xml
      )
    }
    const token = this.options.tokens.find(
      candidate =>
        candidate.name === credentials?.personalAccessTokenName &&
        candidate.secret === credentials?.personalAccessTokenSecret &&
        candidate.site === credentials?.site?.contentUrl
    )
    if (token?.signInFault) {
      this.applyFault(token.signInFault, res, record)
      return
    }
    const expired = token?.expiresAt !== undefined && Date.parse(token.expiresAt) <= Date.now()
    if (!token || expired) {
      return sendError(
        res,
        401,
        '401001',
        'Signin Error',
        'Error signing in to Tableau Server',
        xml
      )
    }
    // One session per PAT: a new sign-in ends the previous session of the same token.
    for (const [key, session] of this.sessions)
      if (session.token === token) this.sessions.delete(key)
    const sessionToken =
      token.rawSessionToken ??
      `${randomBytes(12).toString('base64url')}|${randomBytes(16).toString('base64url')}|${SITE_ID(token.site)}`
    this.issuedSessionTokens.push(sessionToken)
    this.sessions.set(sessionToken, { token, sessionToken, siteId: SITE_ID(token.site) })
    token.lastUsedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
    const userId = token.userId ?? `user-${token.name}`
    const report = token.reportOnSignIn ?? token.expiresAt !== undefined
    const estimate =
      token.rawTimeToExpiration ??
      (report && token.expiresAt ? timeToExpiration(token.expiresAt) : undefined)
    if (xml) {
      const estimateAttr = estimate ? ` estimatedTimeToExpiration="${estimate}"` : ''
      return sendXml(
        res,
        200,
        `<credentials token="${escapeXml(sessionToken)}"${estimateAttr}><site id="${SITE_ID(token.site)}" contentUrl="${escapeXml(token.site)}"/><user id="${escapeXml(userId)}"/></credentials>`
      )
    }
    sendJson(res, 200, {
      credentials: {
        site: { id: SITE_ID(token.site), contentUrl: token.site },
        user: { id: userId },
        token: sessionToken,
        ...(estimate ? { estimatedTimeToExpiration: estimate } : {})
      }
    })
  }

  /** Tableau Cloud Manager: the secret alone identifies the token; no logout exists. */
  private cloudManagerLogin(body: string, res: ServerResponse): void {
    let secret: unknown
    try {
      secret = (JSON.parse(body) as { token?: unknown }).token
    } catch {
      return sendJson(res, 400, {
        error: { code: '400', summary: 'Bad Request', detail: 'Malformed body' }
      })
    }
    const token = this.options.tokens.find(candidate => candidate.secret === secret)
    if (!token)
      return sendJson(res, 401, {
        error: { code: '401', summary: 'Unauthorized', detail: 'Invalid PAT' }
      })
    const sessionToken = `tcm-${randomBytes(18).toString('base64url')}`
    this.issuedSessionTokens.push(sessionToken)
    sendJson(res, 200, {
      sessionToken,
      userId: token.userId ?? `user-${token.name}`,
      tenantId: 'tenant-0001',
      sessionExpiration: new Date(Date.now() + 2 * 3_600_000).toISOString()
    })
  }

  private tokenList(
    version: string,
    userId: string,
    req: IncomingMessage,
    res: ServerResponse,
    xml: boolean
  ): void {
    const session = this.sessionOf(req)
    if (!session) return sendSessionInvalid(res, xml)
    if (this.options.platform !== 'cloud' || versionNumber(version) < versionNumber('3.21')) {
      return sendError(
        res,
        404,
        '404003',
        'Resource Not Found',
        'Unknown resource specified in URI.',
        xml
      )
    }
    const mine = this.options.tokens
      .filter(
        token =>
          (token.userId ?? `user-${token.name}`) === userId &&
          (token.expiresAt ?? token.rawListedExpiresAt)
      )
      .map(token => ({
        tokenName: token.name,
        tokenGuid: randomBytes(8).toString('hex'),
        ...(token.lastUsedAt === undefined ? {} : { lastUsedAt: token.lastUsedAt }),
        expiresAt: token.rawListedExpiresAt ?? token.expiresAt!
      }))
    const shape = this.options.tokenListShape ?? 'array'
    const list =
      shape === 'array'
        ? mine
        : { personalAccessToken: shape === 'single' && mine.length === 1 ? mine[0] : mine }
    sendJson(res, 200, { personalAccessTokens: list })
  }

  private sessionOf(req: IncomingMessage): Session | undefined {
    const header = req.headers['x-tableau-auth']
    return typeof header === 'string' ? this.sessions.get(header) : undefined
  }
}

/** `days:hours:minutes` until the instant, as Tableau's sign-in reports it. */
export function timeToExpiration(expiresAt: string): string {
  const minutes = Math.max(0, Math.floor((Date.parse(expiresAt) - Date.now()) / 60_000))
  return `${Math.floor(minutes / 1440)}:${Math.floor((minutes % 1440) / 60)}:${minutes % 60}`
}

/** An ISO instant `days` days (plus a margin of an hour, so floor() lands on `days`) from now. */
export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000 + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z')
}

function versionNumber(version: string): number {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return major * 1000 + minor
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8' })
    .end(JSON.stringify(body))
}

function sendXml(res: ServerResponse, status: number, inner: string): void {
  res
    .writeHead(status, { 'Content-Type': 'application/xml;charset=UTF-8' })
    .end(
      `<?xml version='1.0' encoding='UTF-8'?><tsResponse xmlns="http://tableau.com/api">${inner}</tsResponse>`
    )
}

/** What Tableau answers a call with a session token that is not (or no longer) valid. */
function sendSessionInvalid(res: ServerResponse, xml: boolean): void {
  sendError(
    res,
    401,
    '401002',
    'Unauthorized Access',
    'Invalid authentication credentials were provided.',
    xml
  )
}

function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  summary: string,
  detail: string,
  xml: boolean
): void {
  if (xml) {
    return sendXml(
      res,
      status,
      `<error code="${code}"><summary>${escapeXml(summary)}</summary><detail>${escapeXml(detail)}</detail></error>`
    )
  }
  sendJson(res, status, { error: { summary, detail, code } })
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`)
}
