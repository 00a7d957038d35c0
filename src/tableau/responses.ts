/**
 * Reads Tableau's answers into typed values. We ask for JSON, but error pages, old servers and
 * proxies can answer XML or HTML whatever we asked for, so XML is parsed into the same shape as
 * JSON (attributes become fields, text becomes `value`) and one set of checks serves both.
 */
import { TableauError, type TableauErrorBody } from './errors.js'
import type { HttpResponse } from './http.js'

export interface ServerInfo {
  restApiVersion: string
  productVersion?: string
}

export interface SignInAnswer {
  token: string
  siteId: string
  userId: string
  /** `days:hours:minutes` left on the PAT, when Tableau says. */
  estimatedTimeToExpiration?: string
}

/** One PAT of the token list, its fields as Tableau wrote them (ISO-8601 UTC, unchecked). */
export interface TokenEntry {
  tokenName: string
  expiresAt?: string
  lastUsedAt?: string
}

type Doc = Record<string, unknown>

/** Parses a body as JSON or Tableau XML; undefined when it is neither (HTML, text, empty, malformed). */
export async function readDocument(res: HttpResponse): Promise<Doc | undefined> {
  const text = res.body.trim()
  if (text.startsWith('{')) {
    try {
      return asObject(JSON.parse(text))
    } catch {
      return undefined
    }
  }
  if (text.startsWith('<') && !/^<(!doctype\s+html|html)\b/i.test(text)) return readXml(text)
  return undefined
}

async function readXml(text: string): Promise<Doc | undefined> {
  // Loaded only when a server answers XML, so JSON runs do not pay for the parser.
  const { XMLParser, XMLValidator } = await import('fast-xml-parser')
  if (XMLValidator.validate(text) !== true) return undefined
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    textNodeName: 'value',
    // Keep "3.10" a string: numeric parsing would turn it into 3.1.
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true
  })
  let root: Doc | undefined
  try {
    // The validator lets some malformed markup through that the parser then throws on.
    root = asObject(parser.parse(text))
  } catch {
    return undefined
  }
  return asObject(root?.['tsResponse']) ?? root
}

/** A short, single-line, tag-free excerpt of a body, safe to quote in a message. */
export function excerptOf(body: string, max = 120): string {
  const text = body
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return text.length > max ? `${text.slice(0, max)}...` : text
}

export function parseTableauError(doc: Doc | undefined): TableauErrorBody | undefined {
  const error = asObject(doc?.['error'])
  if (!error) return undefined
  const code = error['code']
  return {
    code: typeof code === 'string' || typeof code === 'number' ? String(code) : undefined,
    summary: textOf(error['summary']),
    detail: textOf(error['detail'])
  }
}

export function parseServerInfo(doc: Doc): ServerInfo {
  const info = asObject(doc['serverInfo'])
  const version = textOf(info?.['restApiVersion'])
  if (!version || !/^\d+\.\d+$/.test(version)) {
    throw malformed('server info', 'serverInfo.restApiVersion', version)
  }
  return { restApiVersion: version, productVersion: textOf(info?.['productVersion']) }
}

export function parseSignIn(doc: Doc): SignInAnswer {
  const credentials = asObject(doc['credentials'])
  const token = textOf(credentials?.['token'])
  const siteId = textOf(asObject(credentials?.['site'])?.['id'])
  const userId = textOf(asObject(credentials?.['user'])?.['id'])
  if (!token) throw malformed('sign-in', 'credentials.token')
  if (!looksLikeSessionToken(token))
    throw malformed('sign-in', 'credentials.token', undefined, 'does not look like a session token')
  if (!siteId) throw malformed('sign-in', 'credentials.site.id')
  if (!userId) throw malformed('sign-in', 'credentials.user.id')
  return {
    token,
    siteId,
    userId,
    estimatedTimeToExpiration: textOf(credentials?.['estimatedTimeToExpiration'])
  }
}

/**
 * Accepts the three shapes seen in the wild: `{personalAccessTokens: [...]}`,
 * `{personalAccessTokens: {personalAccessToken: [...]}}`, and the latter with a bare object for
 * a one-element list.
 */
export function parseTokenList(doc: Doc): TokenEntry[] {
  const outer = doc['personalAccessTokens']
  if (outer === undefined || outer === null || outer === '') return []
  const items = Array.isArray(outer)
    ? outer
    : listOf(asObject(outer)?.['personalAccessToken'] ?? (asObject(outer) ? [] : undefined))
  if (!items) throw malformed('token list', 'personalAccessTokens')
  return items.flatMap(item => {
    const entry = asObject(item)
    const tokenName = textOf(entry?.['tokenName'])
    return tokenName
      ? [
          {
            tokenName,
            expiresAt: textOf(entry?.['expiresAt']),
            lastUsedAt: textOf(entry?.['lastUsedAt'])
          }
        ]
      : []
  })
}

export interface SiteUser {
  id: string
  /** The display name (fullName); never the e-mail address that Tableau Cloud uses as name. */
  displayName?: string
}

export interface UserPage {
  users: SiteUser[]
  totalAvailable?: number
}

/**
 * A page of "Get Users on Site" (GET /api/<v>/sites/<site>/users?pageSize=&pageNumber=):
 * `{"pagination": {"totalAvailable": "12", ...}, "users": {"user": [{"id", "name", "fullName", ...}]}}`.
 */
export function parseUserPage(doc: Doc): UserPage {
  const users = listOf(asObject(doc['users'])?.['user'] ?? [])
  if (!users) throw malformed('user list', 'users')
  const total = Number(textOf(asObject(doc['pagination'])?.['totalAvailable']))
  return {
    users: users.flatMap(item => {
      const user = asObject(item)
      const id = textOf(user?.['id'])
      const fullName = textOf(user?.['fullName'])
      return id ? [{ id, ...(fullName ? { displayName: fullName } : {}) }] : []
    }),
    ...(Number.isSafeInteger(total) && total >= 0 ? { totalAvailable: total } : {})
  }
}

/** Tableau writes a one-element list as a bare object. */
function listOf(value: unknown): unknown[] | undefined {
  if (value === undefined) return undefined
  return Array.isArray(value) ? value : [value]
}

/**
 * The server chooses the session token, and it is masked as it is: a short or blank one would
 * mask ordinary words all over the log. Never quoted when refused.
 */
export function looksLikeSessionToken(token: string): boolean {
  return /^\S{8,}$/.test(token)
}

function malformed(step: string, field: string, got?: string, problem?: string): TableauError {
  const what =
    problem ?? (got === undefined ? 'is missing' : `is not valid ("${excerptOf(got, 40)}")`)
  return new TableauError(
    `${step}: Tableau's answer could not be read: ${field} ${what}. Check that server-url points at Tableau Server or Tableau Cloud.`,
    'protocol'
  )
}

function asObject(value: unknown): Doc | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Doc)
    : undefined
}

/** A string field, or the text of an XML element that also has attributes. */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  const inner = asObject(value)?.['value']
  return typeof inner === 'string' ? inner : undefined
}
