/** Secrets for tests: unique per run, with the characters that break naive escaping. */
import { randomBytes } from 'node:crypto'

export function testSecret(label = 'secret'): string {
  return `${label}-"<q>&'-ünï-✓-${randomBytes(6).toString('hex')}`
}

/** The secrets found in `text` (should be none), raw or in the encodings output passes through. */
export function leakedSecrets(text: string, secrets: readonly string[]): string[] {
  return secrets.filter(
    secret => secret && encodings(secret).some(encoded => text.includes(encoded))
  )
}

function encodings(secret: string): string[] {
  const numericHtml = secret.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`)
  const namedHtml = secret
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
  const workflowCommand = secret.replace(/%/g, '%25').replace(/:/g, '%3A').replace(/,/g, '%2C')
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    numericHtml,
    namedHtml,
    encodeURIComponent(secret),
    workflowCommand
  ]
}
