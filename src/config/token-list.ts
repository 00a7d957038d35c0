/**
 * Parses the `tokens` input: a YAML (or JSON) list of tokens. Every secret is masked the moment it
 * is parsed, and no error message quotes the input text, which holds the secrets.
 */
import { InputError } from '../core/input-error.js'

/** Fields an entry may have, named like the action's inputs (name and secret stand for token-name and token-secret). */
export const ENTRY_FIELDS = [
  'name',
  'secret',
  'server-url',
  'site',
  'platform',
  'api-version',
  'warn-days',
  'fail-days',
  'idle-days',
  'created-at',
  'expires-at',
  'max-age-days'
] as const
export type EntryField = (typeof ENTRY_FIELDS)[number]

export interface TokenEntry {
  /** 1-based position in the list. */
  position: number
  fields: Partial<Record<EntryField, string>>
}

export async function parseTokensInput(
  text: string,
  mask: (secret: string) => void
): Promise<TokenEntry[]> {
  // Loaded only when the tokens input is used. parseDocument, unlike parse, prints nothing: the
  // library's warnings quote the source line (a secret with it) on stderr, where no mask may be
  // in place yet.
  const { parseDocument, isSeq } = await import('yaml')
  let list: unknown
  const doc = parseDocument(text)
  const [problem] = [...doc.errors, ...doc.warnings]
  if (problem) {
    const at = problem.linePos
      ? ` at line ${problem.linePos[0].line}, column ${problem.linePos[0].col}`
      : // Stryker disable next-line StringLiteral: equivalent, parseDocument gives every problem a linePos
        ''
    // The entry is the first that ends at or after the problem: an entry's range leaves out a
    // tag or anchor written before its value, which belongs to it all the same.
    // Stryker disable next-line ArrayDeclaration: equivalent, what is not a node has no range
    const items = isSeq(doc.contents) ? doc.contents.items : []
    // The library gives every entry a range; the checks keep one without from crashing the parse.
    const entry = items.findIndex(item => {
      // Stryker disable next-line OptionalChaining: equivalent, an entry is never null
      const range = (item as { range?: [number, number, number] } | null)?.range
      // Stryker disable next-line ConditionalExpression: equivalent, every entry has a range
      return range !== undefined && problem.pos[0] <= range[2]
    })
    const inEntry = entry >= 0 ? `, in entry ${entry + 1}` : ''
    throw new InputError(
      doc.errors.length
        ? `tokens is not a valid YAML or JSON list${at} (${problem.code})${inEntry}. Each entry needs at least name and secret.`
        : `tokens uses YAML the action does not take${at} (${problem.code}, e.g. a tag such as !custom)${inEntry}: write every value as a plain or quoted string.`
    )
  }
  try {
    list = doc.toJS()
  } catch {
    throw new InputError(
      'tokens could not be read as a YAML or JSON list (too many aliases, or a recursive one). Write every entry out in full.'
    )
  }
  if (!Array.isArray(list) || list.length === 0) {
    throw new InputError(
      'tokens must be a non-empty YAML or JSON list, e.g. [{name: extract-bot, secret: <the PAT secret>, site: finance}], or one "- name: ..." entry per line.'
    )
  }
  // Mask every secret before validating anything, so that no later message can show one.
  for (const item of list) {
    const secret = (item as Record<string, unknown> | null)?.['secret']
    if (typeof secret === 'string' && secret.trim()) mask(secret.trim())
  }
  return list.map((item, index) => toEntry(item, index + 1))
}

function toEntry(item: unknown, position: number): TokenEntry {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new InputError(
      `tokens entry ${position} must be a mapping with name and secret, not ${Array.isArray(item) ? 'a list' : typeof item}.`
    )
  }
  const record = item as Record<string, unknown>
  const name = typeof record['name'] === 'string' ? record['name'] : undefined
  const label = entryLabel(position, name)
  const fields: TokenEntry['fields'] = {}
  for (const [key, value] of Object.entries(record)) {
    if (!(ENTRY_FIELDS as readonly string[]).includes(key)) {
      throw new InputError(
        `${label}: unknown field "${key.slice(0, 40)}"; expected ${ENTRY_FIELDS.join(', ')}.`
      )
    }
    if (typeof value === 'number' && key !== 'secret' && key !== 'name') {
      fields[key as EntryField] = String(value)
    } else if (typeof value === 'string') {
      fields[key as EntryField] = value.trim()
    } else if (value !== null) {
      throw new InputError(
        `${label}: ${key} must be text${key === 'secret' ? ' (quote it)' : ''}, not ${Array.isArray(value) ? 'a list' : typeof value}.`
      )
    }
  }
  if (!fields.name)
    throw new InputError(`${label}: name is missing. Give the token's name as shown in Tableau.`)
  if (!fields.secret)
    throw new InputError(
      `${label}: secret is missing. Give the PAT secret, e.g. from a repository secret.`
    )
  return { position, fields }
}

/** How errors name an entry: by position and name, never by secret. */
export function entryLabel(position: number, name: string | undefined): string {
  return `tokens entry ${position}${name ? ` ("${name.slice(0, 60)}")` : ''}`
}
