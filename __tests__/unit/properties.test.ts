/**
 * Property-based tests: whatever a server or a user sends, the parsers return a value or throw
 * the project's own error type, never produce a negative or NaN day count, and never echo a secret.
 */
import fc from 'fast-check'
import { InputError, readSettings } from '../../src/config/inputs.js'
import { daysUntil, parseInstant, parseTimeToExpiration } from '../../src/core/expiry.js'
import { TableauError, errorForResponse } from '../../src/tableau/errors.js'
import {
  excerptOf,
  parseServerInfo,
  parseSignIn,
  parseTableauError,
  parseTokenList,
  readDocument
} from '../../src/tableau/responses.js'
import { parseRetryAfter } from '../../src/tableau/retry.js'

// PROPERTY_RUNS=20000 npm test searches harder.
const RUNS = { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 300) }

/** Calls `parse` and accepts a value or a TableauError; anything else fails the property. */
function parsesOrRejects(parse: () => unknown): void {
  try {
    parse()
  } catch (err) {
    if (!(err instanceof TableauError)) throw err
  }
}

/** Bodies a server might send: random text, random JSON, and Tableau-shaped JSON and XML with random values. */
const bodies = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.jsonValue().map(value => JSON.stringify(value)),
  fc
    .record({
      token: fc.jsonValue(),
      estimatedTimeToExpiration: fc.jsonValue(),
      site: fc.jsonValue(),
      user: fc.jsonValue()
    })
    .map(credentials => JSON.stringify({ credentials })),
  fc
    .array(fc.record({ tokenName: fc.jsonValue(), expiresAt: fc.jsonValue() }))
    .map(list => JSON.stringify({ personalAccessTokens: list })),
  fc
    .tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 40 }))
    .map(
      ([code, text]) =>
        `<tsResponse><error code="${code}"><summary>${text}</summary></error></tsResponse>`
    ),
  fc
    .string({ maxLength: 40 })
    .map(
      text =>
        `<tsResponse><serverInfo><restApiVersion>${text}</restApiVersion></serverInfo></tsResponse>`
    )
)

describe('response parsers', () => {
  it('read any body as a document or undefined, and parse it or throw TableauError', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, async body => {
        const doc = await readDocument({ status: 200, contentType: 'application/json', body })
        if (doc === undefined) return
        parsesOrRejects(() => parseServerInfo(doc))
        parsesOrRejects(() => parseSignIn(doc))
        parsesOrRejects(() => parseTokenList(doc))
        parsesOrRejects(() => parseTableauError(doc))
      }),
      RUNS
    )
  })

  it('give typed values: strings where strings are promised', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (token, expiresAt) => {
        const doc = {
          credentials: { token, site: { id: 's' }, user: { id: 'u' } },
          personalAccessTokens: [{ tokenName: 'a', expiresAt }]
        }
        try {
          expect(typeof parseSignIn(doc).token).toBe('string')
        } catch (err) {
          expect(err).toBeInstanceOf(TableauError)
        }
        for (const entry of parseTokenList(doc))
          expect(['string', 'undefined']).toContain(typeof entry.expiresAt)
      }),
      RUNS
    )
  })

  it('quote at most a short single line of any body', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), body => {
        const excerpt = excerptOf(body)
        expect(excerpt.length).toBeLessThanOrEqual(123)
        expect(excerpt).not.toMatch(/[\r\n\t]/)
        expect(() => errorForResponse('sign-in', 500, undefined, excerpt)).not.toThrow()
      }),
      RUNS
    )
  })
})

describe('expiry parsers', () => {
  const now = new Date('2026-11-23T12:00:00Z')

  it('never give a negative or NaN remaining time', () => {
    const nearFormat = fc
      .tuple(
        fc.integer({ min: -5, max: 1_000_000 }),
        fc.integer({ min: -5, max: 120 }),
        fc.integer({ min: -5, max: 120 })
      )
      .map(parts => parts.join(':'))
    fc.assert(
      fc.property(fc.oneof(fc.string(), nearFormat), text => {
        const ms = parseTimeToExpiration(text)
        if (ms === undefined) return
        expect(Number.isFinite(ms)).toBe(true)
        expect(ms).toBeGreaterThanOrEqual(0)
        const expiresAt = new Date(now.getTime() + ms)
        expect(daysUntil(expiresAt, now)).toBeGreaterThanOrEqual(0)
      }),
      RUNS
    )
  })

  it('give a real date or undefined, so the day count is never NaN', () => {
    const isoish = fc.date({ noInvalidDate: true }).map(date => date.toISOString())
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          isoish,
          isoish.map(text => text.replace('Z', ''))
        ),
        text => {
          const date = parseInstant(text)
          if (date === undefined) return
          expect(Number.isNaN(daysUntil(date, now))).toBe(false)
        }
      ),
      RUNS
    )
  })

  it('read Retry-After as a wait of 0 or more, or undefined', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.nat().map(String),
          fc.date({ noInvalidDate: true }).map(d => d.toUTCString())
        ),
        text => {
          const wait = parseRetryAfter(text, now.getTime())
          if (wait !== undefined) expect(wait).toBeGreaterThanOrEqual(0)
        }
      ),
      RUNS
    )
  })
})

describe('inputs', () => {
  const secret = 'Zq9"<x>&\'-ß-✓-unique-7d1f'
  const names = [
    'server-url',
    'site',
    'token-name',
    'platform',
    'api-version',
    'warn-days',
    'fail-days',
    'timeout-seconds',
    'retries',
    'concurrency'
  ]

  it('resolve to settings or an InputError that never contains the secret', async () => {
    const values = fc.oneof(
      fc.constant(''),
      fc.string({ maxLength: 30 }),
      fc.nat({ max: 400 }).map(String),
      fc.constantFrom('https://a.example.com', 'auto', 'cloud', '3.19')
    )
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...names), values), async inputs => {
        const all: Record<string, string> = { 'token-secret': secret, ...inputs }
        try {
          const settings = await readSettings({ get: name => all[name] ?? '', mask: () => {} })
          for (const token of settings.tokens) {
            expect(token.warnDays).toBeGreaterThanOrEqual(token.failDays)
            expect(token.timeoutMs).toBeGreaterThan(0)
          }
        } catch (err) {
          expect(err).toBeInstanceOf(InputError)
          expect((err as Error).message).not.toContain(secret)
        }
      }),
      RUNS
    )
  })

  it('parse any tokens list to settings or an InputError, masking every string secret and echoing none', async () => {
    const entry = fc.record(
      {
        name: fc.oneof(fc.string({ maxLength: 12 }), fc.integer()),
        secret: fc.oneof(
          fc.string({ minLength: 1, maxLength: 12 }).map(s => `${secret}${s}`),
          fc.integer()
        ),
        'server-url': fc.constantFrom('https://a.example.com', 'nope', ''),
        site: fc.string({ maxLength: 8 }),
        'warn-days': fc.oneof(fc.integer({ min: -2, max: 50 }), fc.string({ maxLength: 4 })),
        junk: fc.string({ maxLength: 4 })
      },
      { requiredKeys: [] }
    )
    const lists = fc.oneof(
      fc.array(entry, { maxLength: 5 }).map(list => JSON.stringify(list)),
      fc.array(entry, { maxLength: 5 }).map(list => JSON.stringify(list).slice(0, -3)), // truncated
      fc.string({ maxLength: 80 }).map(text => `- name: a\n  secret: ${secret}\n${text}`)
    )
    await fc.assert(
      fc.asyncProperty(lists, async tokens => {
        const masked: string[] = []
        try {
          const settings = await readSettings({
            get: name => ({ tokens, 'server-url': 'https://default.example.com' })[name] ?? '',
            mask: value => masked.push(value)
          })
          for (const token of settings.tokens) expect(masked).toContain(token.tokenSecret)
        } catch (err) {
          expect(err).toBeInstanceOf(InputError)
          expect((err as Error).message).not.toContain(secret)
        }
      }),
      RUNS
    )
  })
})
