/**
 * A fake GitHub REST API on 127.0.0.1, just the issue endpoints the action uses: list (with
 * pagination, label filter and most recently updated first), create, update, comment. Records
 * every call. It refuses what GitHub refuses: a title over 256 characters, a body or comment over
 * 65,536 (422 Validation Failed; characters are code points, as GitHub counts them).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeIssue {
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  state_reason?: string | null
  labels: string[]
  assignees: string[]
  comments: string[]
  pull_request?: boolean
  /** Who opened it (the login of the token that created it). */
  author: string
  /** Bumped by every write: the order of `sort=updated`. */
  updated?: number
}

export const TITLE_MAX = 256
export const BODY_MAX = 65_536
const chars = (text: string): number => Array.from(text).length

/** The account the default GITHUB_TOKEN acts as. */
export const ACTIONS_BOT = 'github-actions[bot]'

export interface RecordedCall {
  method: string
  path: string
  authorization?: string
  body: string
}

export class FakeGitHub {
  readonly issues: FakeIssue[] = []
  readonly calls: RecordedCall[] = []
  /** Answer every call whose "METHOD /path" matches with this status instead. */
  readonly failures: Array<{
    match: RegExp
    status: number
    message: string
    headers?: Record<string, string>
    /** Answer this many matching calls so, then serve them again (a rate limit that passes). */
    times?: number
  }> = []
  /** When each refused or answered call came, in ms since the epoch, by "METHOD /path". */
  readonly times: Array<{ route: string; at: number; status: number }> = []
  /** Never answer calls whose "METHOD /path" matches (a stalled API or proxy). */
  readonly stalls: RegExp[] = []
  /** Replaces the Link header of issue list pages (a hostile or broken pagination). */
  linkHeader?: (page: URL) => string
  /** The account each token acts as (GraphQL viewer, issue author); others are github-actions[bot]. */
  readonly logins = new Map<string, string>()
  private readonly stalled = new Set<ServerResponse>()
  /** Repository files served by the contents API, by path (the ref is recorded, not used). */
  readonly files = new Map<string, string>()
  /** Workflows enabled through the API, by workflow id (file name). */
  readonly enabled: string[] = []
  /** Wait this long before answering each call (a distant API, for the benchmark). */
  latencyMs = 0
  /**
   * Accounts without push access: GitHub silently drops the labels of issues they create
   * (REST "Create an issue": only users with push access can set labels).
   */
  readonly withoutPush = new Set<string>()
  private server?: Server
  private lastNumber = 0
  private writes = 0

  constructor(readonly repository = 'acme/analytics') {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`
  }

  openIssues(): FakeIssue[] {
    return this.issues.filter(issue => issue.state === 'open' && !issue.pull_request)
  }

  /** Adds unrelated open issues (e.g. to force pagination). */
  addIssue(fields: Partial<FakeIssue>): FakeIssue {
    const issue: FakeIssue = {
      number: ++this.lastNumber,
      title: 'x',
      body: '',
      state: 'open',
      labels: [],
      assignees: [],
      comments: [],
      author: ACTIONS_BOT,
      updated: ++this.writes,
      ...fields
    }
    this.issues.push(issue)
    return issue
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve))
  }

  async stop(): Promise<void> {
    for (const res of this.stalled) res.destroy()
    this.server?.closeAllConnections()
    await new Promise(resolve => this.server?.close(resolve))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    if (this.latencyMs) await new Promise(resolve => setTimeout(resolve, this.latencyMs))
    const url = new URL(req.url ?? '/', this.url)
    const call = {
      method: req.method ?? '',
      path: url.pathname + url.search,
      authorization: req.headers.authorization,
      body
    }
    this.calls.push(call)
    const route = `${call.method} ${url.pathname}`
    if (this.stalls.some(match => match.test(route))) return void this.stalled.add(res)
    const failure = this.failures.find(f => f.match.test(route) && f.times !== 0)
    this.times.push({ route, at: Date.now(), status: failure?.status ?? 200 })
    if (failure?.times !== undefined) failure.times--
    if (failure)
      return send(
        res,
        failure.status,
        { message: failure.message, documentation_url: 'https://docs.github.com/rest' },
        failure.headers
      )
    if (!req.headers.authorization?.startsWith('token '))
      return send(res, 401, { message: 'Requires authentication' })
    const login = this.logins.get(req.headers.authorization.slice('token '.length)) ?? ACTIONS_BOT
    if (req.method === 'POST' && url.pathname === '/graphql')
      return send(res, 200, { data: { viewer: { login } } })

    const contents = new RegExp(`^/repos/${this.repository}/contents/(.+)$`).exec(url.pathname)
    if (req.method === 'GET' && contents) {
      const file = this.files.get(decodeURIComponent(contents[1]!))
      if (file === undefined) return send(res, 404, { message: 'Not Found' })
      if (!String(req.headers.accept).includes('raw'))
        return send(res, 200, { content: Buffer.from(file).toString('base64'), encoding: 'base64' })
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end(file)
      return
    }
    const enable = new RegExp(`^/repos/${this.repository}/actions/workflows/([^/]+)/enable$`).exec(
      url.pathname
    )
    if (req.method === 'PUT' && enable) {
      this.enabled.push(decodeURIComponent(enable[1]!))
      res.writeHead(204).end()
      return
    }
    const base = `/repos/${this.repository}/issues`
    const input = body ? (JSON.parse(body) as Record<string, unknown>) : {}
    let match: RegExpExecArray | null
    if (req.method === 'GET' && url.pathname === base) return this.list(url, res)
    const invalid = tooLong(input)
    if (invalid && req.method !== 'GET')
      return send(res, 422, {
        message: 'Validation Failed',
        errors: [
          { resource: 'Issue', code: 'custom', field: invalid.field, message: invalid.message }
        ]
      })
    if (req.method === 'POST' && url.pathname === base) {
      const issue = this.addIssue({
        title: String(input['title']),
        body: String(input['body'] ?? ''),
        labels: this.withoutPush.has(login)
          ? []
          : ((input['labels'] as string[] | undefined) ?? []),
        assignees: (input['assignees'] as string[] | undefined) ?? [],
        author: login
      })
      return send(res, 201, this.json(issue))
    }
    if ((match = new RegExp(`^${base}/(\\d+)$`).exec(url.pathname)) && req.method === 'PATCH') {
      const issue = this.issue(Number(match[1]))
      if (!issue) return send(res, 404, { message: 'Not Found' })
      if (typeof input['title'] === 'string') issue.title = input['title']
      if (typeof input['body'] === 'string') issue.body = input['body']
      if (input['state'] === 'closed' || input['state'] === 'open') issue.state = input['state']
      if ('state_reason' in input) issue.state_reason = input['state_reason'] as string
      issue.updated = ++this.writes
      return send(res, 200, this.json(issue))
    }
    if (
      (match = new RegExp(`^${base}/(\\d+)/comments$`).exec(url.pathname)) &&
      req.method === 'POST'
    ) {
      const issue = this.issue(Number(match[1]))
      if (!issue) return send(res, 404, { message: 'Not Found' })
      issue.comments.push(String(input['body']))
      issue.updated = ++this.writes
      return send(res, 201, { id: issue.comments.length, body: input['body'] })
    }
    send(res, 404, { message: 'Not Found' })
  }

  private issue(number: number): FakeIssue | undefined {
    return this.issues.find(issue => issue.number === number)
  }

  private list(url: URL, res: ServerResponse): void {
    const label = url.searchParams.get('labels')
    const state = url.searchParams.get('state') ?? 'open'
    const perPage = Number(url.searchParams.get('per_page') ?? 30)
    const page = Number(url.searchParams.get('page') ?? 1)
    const matching = this.issues.filter(
      issue => issue.state === state && (!label || issue.labels.includes(label))
    )
    if (url.searchParams.get('sort') === 'updated')
      matching.sort((a, b) => (b.updated ?? 0) - (a.updated ?? 0))
    if (url.searchParams.get('direction') === 'asc') matching.reverse()
    const pages = Math.max(1, Math.ceil(matching.length / perPage))
    const slice = matching.slice((page - 1) * perPage, page * perPage)
    const headers: Record<string, string> = {}
    if (this.linkHeader) headers['Link'] = this.linkHeader(url)
    else if (page < pages) {
      const next = new URL(url)
      next.searchParams.set('page', String(page + 1))
      const last = new URL(url)
      last.searchParams.set('page', String(pages))
      headers['Link'] = `<${next.href}>; rel="next", <${last.href}>; rel="last"`
    }
    send(
      res,
      200,
      slice.map(issue => this.json(issue)),
      headers
    )
  }

  private json(issue: FakeIssue): Record<string, unknown> {
    return {
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      labels: issue.labels.map(name => ({ name })),
      user: { login: issue.author },
      html_url: `https://github.example/${this.repository}/issues/${issue.number}`,
      ...(issue.pull_request ? { pull_request: { url: 'x' } } : {})
    }
  }
}

/** What GitHub's validation refuses of an issue or comment: a title or body too long. */
function tooLong(input: Record<string, unknown>): { field: string; message: string } | undefined {
  const { title, body } = input
  if (typeof title === 'string' && chars(title) > TITLE_MAX)
    return { field: 'title', message: `title is too long (maximum is ${TITLE_MAX} characters)` }
  if (typeof body === 'string' && chars(body) > BODY_MAX)
    return { field: 'body', message: `body is too long (maximum is ${BODY_MAX} characters)` }
  return undefined
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  res
    .writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers })
    .end(JSON.stringify(body))
}
