/**
 * Keeps secrets out of text, whole or in pieces. The runner masks only a whole secret, but a
 * server that reflects the request can hand back any piece of it: cut at an excerpt's edge, split
 * across lines, or re-encoded as JSON, XML or a URL. So every run of FRAGMENT_LENGTH or more
 * characters of a secret, in any of those forms, is replaced, wherever it starts and ends.
 */
import { safeLine } from './safe-text.js'

/** Shorter runs are too common to be a secret's (and too short to be of use to anyone). */
export const FRAGMENT_LENGTH = 8
const REDACTED = '***'

export class Redactor {
  private readonly windows = new Set<string>()
  // Stryker disable next-line ArrayDeclaration: equivalent unless a text holds Stryker's marker
  private readonly shortSecrets: string[] = []

  add(secret: string): void {
    for (const form of encodedForms(secret)) {
      if (form.length < FRAGMENT_LENGTH) {
        if (form) this.shortSecrets.push(form)
        continue
      }
      // Stryker disable next-line ArithmeticOperator: equivalent, shorter slices are never looked up
      for (let i = 0; i + FRAGMENT_LENGTH <= form.length; i++)
        this.windows.add(form.slice(i, i + FRAGMENT_LENGTH))
    }
  }

  /** The text with every piece of a secret replaced by ***. */
  redact(text: string): string {
    const out = this.shortSecrets.reduce((acc, secret) => acc.split(secret).join(REDACTED), text)
    // The runs of text that windows of a secret cover, overlapping or touching windows merged:
    // each run becomes one ***.
    const runs: Array<{ start: number; end: number }> = []
    // Stryker disable next-line ArithmeticOperator: equivalent, shorter slices are never windows
    for (let i = 0; i + FRAGMENT_LENGTH <= out.length; i++) {
      if (!this.windows.has(out.slice(i, i + FRAGMENT_LENGTH))) continue
      const last = runs.at(-1)
      if (last && last.end >= i) last.end = i + FRAGMENT_LENGTH
      else runs.push({ start: i, end: i + FRAGMENT_LENGTH })
    }
    let result = ''
    let from = 0
    for (const { start, end } of runs) {
      result += out.slice(from, start) + REDACTED
      from = end
    }
    return result + out.slice(from)
  }
}

/**
 * Masks a secret in the runner's log, and each of its lines of FRAGMENT_LENGTH or more on its own:
 * the runner matches whole values, and a multi-line secret can come back one line at a time.
 */
export function maskSecret(mask: (secret: string) => void, secret: string): void {
  mask(secret)
  for (const line of secret.split(/\r\n|\r|\n/)) {
    if (line !== secret && line.trim().length >= FRAGMENT_LENGTH) mask(line)
  }
}

/**
 * The secret as it can come back: as sent, as printed (safeLine), with whitespace collapsed (as
 * an excerpt does); each of those as is, JSON-, XML/HTML- or URL-encoded; and JSON inside JSON
 * (a server that quotes our JSON body in its own).
 */
function encodedForms(secret: string): string[] {
  const bases = [
    secret,
    safeLine(secret),
    secret
      .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  ]
  const json = (text: string): string => JSON.stringify(text).slice(1, -1)
  const encoders = [
    (text: string) => text,
    json,
    (text: string) => text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`),
    (text: string) => text.replace(/[&<>"']/g, char => NAMED_ENTITIES[char]!),
    encodeURIComponent,
    (text: string) => encodeURIComponent(text).replace(/%20/g, '+')
  ]
  const forms = new Set(bases.flatMap(base => encoders.map(encode => encode(base))))
  forms.add(json(json(secret)))
  return [...forms]
}

const NAMED_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;'
}
