/**
 * The one place where text becomes printable. Names, site URLs and Tableau's answers are data: a
 * line break in them must not start a new log line (where `::error::` would be a workflow command),
 * a terminal escape must not repaint the screen, and nothing may address the runner's legacy
 * `##[command]` parser. Escapes stay visible, so a person can still see what was there.
 */

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\t' }

/**
 * Control characters (C0, DEL, C1 with NEL), the Unicode line and paragraph separators, and the
 * bidirectional overrides that can make text read differently than it is.
 */
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu

/** One line, safe for a log, a terminal or a workflow-command message. */
export function safeLine(text: string): string {
  const single = text
    .replace(UNPRINTABLE, char => NAMED_ESCAPES[char] ?? unicodeEscape(char))
    // The runner's v1 parser finds `##[name]` anywhere in a line.
    .replace(/##\[/g, '##\\[')
  // The runner's v2 parser takes a line whose first non-blank characters are `::`.
  return /^\s*::/.test(single) ? `\\${single}` : single
}

/** The first character safeLine would escape, if any (for refusing such inputs). */
export function firstUnprintable(text: string): string | undefined {
  return new RegExp(UNPRINTABLE.source, 'u').exec(text)?.[0]
}

/** `\u000a` for a line feed: how messages name a character without printing it. */
export function unicodeEscape(char: string): string {
  return `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`
}

/**
 * Markdown code span around text that did not come from this action (names, Tableau's words):
 * GitHub does not link `@mentions` or `#references` inside code, whereas an escape such as
 * `&#64;` is decoded before mentions are found. HTML in a code span shows as written, so the
 * text is not HTML-escaped. In a table cell, escape `|` as for any cell (GFM unescapes it there).
 */
export function codeSpan(text: string): string {
  const line = safeLine(text)
  if (line === '') return '` `'
  const longestRun = Math.max(0, ...(line.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longestRun + 1)
  const pad = /^[` ]|[` ]$/.test(line) ? ' ' : ''
  return `${fence}${pad}${line}${pad}${fence}`
}

/** HTML-escaped, after safeLine: for text from outside in the job summary (HTML inside Markdown). */
export function inertHtml(text: string): string {
  return escapeHtml(safeLine(text))
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`)
}
