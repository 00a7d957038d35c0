/**
 * Behaviours the mutation trial (issue #23) found no test pinned: each test here kills a named
 * surviving mutant of the pure modules.
 */
import { parseInstant, daysUntil, parseTimeToExpiration } from '../../src/core/expiry.js'
import { worstStatus } from '../../src/core/status.js'
import { Redactor, maskSecret } from '../../src/text/redact.js'
import { parseTokensInput } from '../../src/config/token-list.js'
import { globMatches, watchedResult } from '../../src/token/watch.js'
import { WATCH_ALL, signedIn } from '../fakes/results.js'
import { summaryHtml } from '../../src/report/summary.js'

describe('expiry: instants', () => {
  it.each([
    ['2027-01-15T09:30:00Z', '2027-01-15T09:30:00.000Z'], // January: month 1, not 0 or 2
    ['2027-01-15T09:30Z', '2027-01-15T09:30:00.000Z'], // no seconds
    ['2027-01-15T09:30:00+0130', '2027-01-15T08:00:00.000Z'], // an offset without a colon
    ['2027-01-15T09:30:00-01:30', '2027-01-15T11:00:00.000Z'],
    ['2027-01-15T09:30:59Z', '2027-01-15T09:30:59.000Z'], // seconds at 59 exactly
    ['2027-12-31T23:59:59Z', '2027-12-31T23:59:59.000Z'],
    [' 2027-01-15T09:30:00Z\n', '2027-01-15T09:30:00.000Z'], // spacing around it, as XML has
    ['2027-01-15T09:30:00.5Z', '2027-01-15T09:30:00.500Z'],
    ['2027-01-15T09:30:00.1239Z', '2027-01-15T09:30:00.123Z'], // past milliseconds: cut, not rounded
    ['2027-01-31T23:59:59+23:59', '2027-01-31T00:00:59.000Z'], // the largest offset
    ['2027-01-01T00:00:00-00:00', '2027-01-01T00:00:00.000Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'], // a leap day
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'] // a two-digit year is not 1950
  ])('%p is %p', (text, iso) => {
    expect(parseInstant(text)?.toISOString()).toBe(iso)
  })

  it.each([
    '2027-01-15T09:30:60Z',
    '2027-00-15T09:30:00Z',
    '2027-13-01T00:00:00Z',
    '2027-01-15T24:00:00Z',
    '2027-01-15T09:30:00+24:00',
    '2027-01-15T09:60:00Z',
    '2027-01-15T09:30:00+23:60',
    '2027-01-00T00:00:00Z',
    '2027-01-32T00:00:00Z',
    '2027-02-29T00:00:00Z',
    '2027-04-31T00:00:00Z',
    'x2027-01-15T09:30:00Z',
    '2027-01-15T09:30:00Zx',
    '2027-01-15T09:30:00',
    '2027-01-15 09:30:00Z'
  ])('refuses %p', text => expect(parseInstant(text)).toBeUndefined())

  it('reads 59 seconds in the time to expiration', () => {
    expect(parseTimeToExpiration('1:0:0:59')).toBe(86_400_000 + 59_000)
    expect(parseTimeToExpiration('1:0:0:60')).toBeUndefined()
  })

  it('counts whole days down, to the millisecond', () => {
    const now = new Date('2026-11-30T12:00:00Z')
    expect(daysUntil(new Date('2026-12-01T12:00:00Z'), now)).toBe(1)
    expect(daysUntil(new Date('2026-12-01T11:59:59.999Z'), now)).toBe(0)
    expect(daysUntil(new Date('2026-11-30T11:59:59.999Z'), now)).toBe(-1)
  })
})

describe('status: the worst of many', () => {
  it('ranks every status: invalid > critical > error > warning > ok', () => {
    expect(worstStatus(['ok', 'error'])).toBe('error')
    expect(worstStatus(['error', 'warning', 'ok'])).toBe('error')
    expect(worstStatus(['error', 'critical'])).toBe('critical')
    expect(worstStatus(['invalid', 'critical', 'error'])).toBe('invalid')
    expect(worstStatus(['ok', 'invalid'])).toBe('invalid')
    expect(worstStatus([])).toBe('ok')
  })
})

describe('watch: deadlines at their edges', () => {
  const now = new Date('2026-11-30T12:00:00Z')
  const watched = (lastUsedAt: string, expiresAt = '2027-06-01T00:00:00Z') =>
    watchedResult({ tokenName: 'prod', lastUsedAt, expiresAt }, signedIn(), WATCH_ALL, now)

  it('the instant exactly at the idle deadline is past it: critical', () => {
    const result = watched('2026-11-15T12:00:00Z') // + 15 days = now
    expect(result.idleExpiresAt).toBe('2026-11-30T12:00:00Z')
    expect(result.status).toBe('critical')
    expect(result.message).toMatch(/^Expired from disuse: last used 15 days ago/)
  })

  it('0 days left by date: critical, 0 days; with its advice sentence', () => {
    const result = watched('2026-11-30T11:00:00Z', '2026-11-30T20:00:00Z')
    expect(result.daysUntilExpiry).toBe(0)
    expect(result.status).toBe('critical')
    expect(result.message).toContain(
      'Create a new PAT in Tableau before then and update the jobs that use it.'
    )
  })

  it('near the idle deadline the advice is to use it', () => {
    const result = watched('2026-11-17T12:00:00Z') // 2 days left from disuse
    expect(result.status).toBe('warning')
    expect(result.message).toMatch(/Run a job that uses it \(or sign in with it\) before then\.$/)
  })
})

describe('watch: whole results, every sentence', () => {
  const now = new Date('2026-11-30T12:00:00Z')
  const watched = (lastUsedAt?: string, expiresAt?: string) =>
    watchedResult(
      {
        tokenName: 'prod',
        ...(lastUsedAt === undefined ? {} : { lastUsedAt }),
        ...(expiresAt === undefined ? {} : { expiresAt })
      },
      signedIn({ ownerId: 'u-1' }),
      WATCH_ALL,
      now
    )

  it('a healthy token: every field, the owner of the signer, one sentence per deadline', () => {
    expect(watched('2026-11-29T11:00:00Z', '2027-03-10T00:00:00Z')).toEqual({
      tokenName: 'prod',
      site: 'finance',
      server: 'https://10ay.online.tableau.com',
      serverHost: '10ay.online.tableau.com',
      platform: 'cloud',
      status: 'ok',
      refreshed: false,
      watched: true,
      watchedBy: 'monitor',
      ownerId: 'u-1',
      expirySource: 'token-list',
      apiVersion: '3.24',
      message:
        'Watched, not signed in: last used 1 day ago; expires on 2027-03-10T00:00:00Z (99 days left); expires from disuse on 2026-12-14T11:00:00Z unless it is used before.',
      warnings: [],
      notices: [],
      expiresAt: '2027-03-10T00:00:00Z',
      lastUsedAt: '2026-11-29T11:00:00Z',
      idleExpiresAt: '2026-12-14T11:00:00Z',
      daysUntilExpiry: 13
    })
  })

  it('neither deadline readable: a warning for each field, a long value quoted at 40 characters', () => {
    const result = watched('x'.repeat(50))
    expect(result).toMatchObject({
      status: 'ok',
      message:
        'Watched, not signed in: last use unknown; expiry date unknown; idle deadline unknown.',
      warnings: [
        'The token list gives no expiresAt: the expiry date is unknown.',
        `The token list gives "${'x'.repeat(40)}" as lastUsedAt, which is not an existing date and time: the idle deadline (last use + 15 days) is unknown.`
      ]
    })
    expect(result.daysUntilExpiry).toBeUndefined()
  })

  it('past its date: expired, whatever its last use', () => {
    expect(watched('2026-11-29T11:00:00Z', '2026-11-20T00:00:00Z')).toMatchObject({
      status: 'critical',
      daysUntilExpiry: -11,
      message:
        'Expired on 2026-11-20T00:00:00Z: create a new PAT in Tableau and update the jobs that use it.'
    })
  })

  it('near its date: the advice is a new PAT', () => {
    expect(watched('2026-11-29T11:00:00Z', '2026-12-20T12:00:00Z')).toMatchObject({
      status: 'warning',
      message:
        'Watched, not signed in: last used 1 day ago; expires on 2026-12-20T12:00:00Z (20 days left); expires from disuse on 2026-12-14T11:00:00Z unless it is used before. Create a new PAT in Tableau before then and update the jobs that use it.'
    })
  })

  it('a last use exactly 5 minutes ahead is now; a second more is unreadable', () => {
    expect(watched('2026-11-30T12:05:00Z', '2027-03-10T00:00:00Z')).toMatchObject({
      lastUsedAt: '2026-11-30T12:00:00Z',
      warnings: []
    })
    expect(watched('2026-11-30T12:05:01Z', '2027-03-10T00:00:00Z')).toMatchObject({
      status: 'ok',
      daysUntilExpiry: 99,
      message:
        'Watched, not signed in: last use unknown; expires on 2027-03-10T00:00:00Z (99 days left); idle deadline unknown.',
      warnings: [
        "The token list gives 2026-11-30T12:05:01Z as lastUsedAt, more than 5 minutes ahead of this runner's clock (2026-11-30T12:00:00Z): the idle deadline (last use + 15 days) is unknown."
      ]
    })
  })

  it('an expiry date in the future is not moved to now, and a last use just now is kept', () => {
    const result = watched('2026-11-30T12:00:00Z', '2026-11-30T12:03:00Z')
    expect(result).toMatchObject({
      expiresAt: '2026-11-30T12:03:00Z',
      lastUsedAt: '2026-11-30T12:00:00Z',
      status: 'critical',
      daysUntilExpiry: 0
    })
  })
})

describe('watch: globs at their edges', () => {
  it.each([
    ['a*', 'a*b', true], // a * in the name is a character, in the pattern a wildcard
    ['a\\*', 'a*', false], // no escapes: the backslash is a character
    ['*', '', true],
    ['a**', 'a', true],
    ['ab', 'a', false],
    ['a?', 'a', false],
    ['?', '', false],
    ['*b*', 'aaa', false],
    ['*a?c', 'xxabcabc', true]
  ])('%p against %p: %p', (pattern, name, expected) => {
    expect(globMatches(pattern, name)).toBe(expected)
  })
})

describe('redact: every encoded form, every line', () => {
  const secret = 'A b"c<d>&e\'f g+h/i'
  const redactor = new Redactor()
  redactor.add(secret)
  it.each([
    ['as sent', secret],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
    ['numeric HTML entities', secret.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)],
    [
      'named HTML entities',
      secret
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&apos;')
    ],
    ['URL-encoded', encodeURIComponent(secret)],
    ['+ for space', encodeURIComponent(secret).replace(/%20/g, '+')],
    ['JSON inside JSON', JSON.stringify(JSON.stringify(secret).slice(1, -1)).slice(1, -1)]
  ])('%s', (_, form) => {
    expect(redactor.redact(`before ${form} after`)).toBe('before *** after')
  })

  it('collapsed whitespace, as an excerpt shows it', () => {
    const spaced = new Redactor()
    spaced.add('line-one-secret\n\tline-two-secret')
    // The run is one ***; the space after it may go too ("-secret " is a window of the secret).
    expect(spaced.redact('x line-one-secret line-two-secret y')).toMatch(/^x \*\*\* ?y$/)
  })

  const redacting = (secret: string, text: string): string => {
    const redactor = new Redactor()
    redactor.add(secret)
    return redactor.redact(text)
  }

  it.each([
    // An 8-character secret is matched by windows: a secret twice in a row is one run.
    ['12345678', 'a 1234567812345678 b', 'a *** b'],
    // Two runs that only touch are one ***; two runs apart stay two.
    ['abcdefgh', 'abcdefghabcdefgh abcdefgh', '*** ***'],
    // A short secret is replaced wherever it stands, each time.
    ['pw1', 'pw1pw1 x', '****** x'],
    // Whitespace and controls alone make no secret: nothing is replaced.
    [' \t\n ', 'a b\tc', 'a b\tc'],
    // The collapsed form is trimmed: the space before the secret stays.
    ['\tabcdefghijk\n', 'key: abcdefghijk.', 'key: ***.'],
    // A run of whitespace collapses to one space, as an excerpt shows it.
    ['first-part\n\nsecond-part', 'x first-part second-part y', 'x *** y'],
    ['ab\n\ncdefghij', '(ab cdefghij)', '(***)'] // a short first line too
  ])('secret %p in %p: %p', (secret, text, redacted) => {
    expect(redacting(secret, text)).toBe(redacted)
  })

  it('masks a line of 8 characters only when 8 of them are not blank', () => {
    const masked: string[] = []
    maskSecret(text => masked.push(text), '   ab   \nlong-line-1')
    expect(masked).toEqual(['   ab   \nlong-line-1', 'long-line-1'])
  })

  it('masks each line of a multi-line secret of 8 characters or more, and not shorter ones', () => {
    const masked: string[] = []
    maskSecret(text => masked.push(text), 'first-line\nshort\n12345678')
    expect(masked).toEqual(['first-line\nshort\n12345678', 'first-line', '12345678'])
  })
})

describe('token list: odd entries', () => {
  const parse = (text: string) => parseTokensInput(text, () => {})
  it.each([
    ['- null', 'tokens entry 1 must be a mapping with name and secret, not object'],
    ['- {name: a, secret: s-0123456789, site: [x]}', 'site must be text, not a list'],
    ['- {name: a, secret: s-0123456789, site: {x: 1}}', 'site must be text, not object'],
    ['- {name: a, secret: {x: 1}}', 'secret must be text (quote it), not object'],
    ["- {name: a, secret: ''}", 'secret is missing'],
    ["- {name: '', secret: s-0123456789}", 'name is missing']
  ])('%p: %p', async (text, message) => {
    await expect(parse(text)).rejects.toThrow(message)
  })

  it.each([
    ['- [a, b]', 'tokens entry 1 must be a mapping with name and secret, not a list.'],
    ['- {name: 5, secret: s-0123456789}', 'tokens entry 1: name must be text, not number.'],
    ['- {name: a, secret: 123456789}', 'secret must be text (quote it), not number.'],
    [
      `- {name: a, secret: s-0123456789, ${'k'.repeat(100)}: 1}`,
      `unknown field "${'k'.repeat(40)}"; expected name, secret,`
    ],
    [`- {name: ${'n'.repeat(100)}}`, `tokens entry 1 ("${'n'.repeat(60)}"): secret is missing`]
  ])('%p: %p, quoting names and keys short', async (text, message) => {
    await expect(parse(text)).rejects.toThrow(message)
  })

  it('trims names, values and secrets; a null field is absent; a blank secret is not masked', async () => {
    const masked: string[] = []
    await expect(
      parseTokensInput(
        "- {name: ' a ', secret: '  s-0123456789  ', site: null}\n- {name: b, secret: '   '}",
        secret => masked.push(secret)
      )
    ).rejects.toThrow('tokens entry 2 ("b"): secret is missing')
    expect(masked).toEqual(['s-0123456789'])
    const [one] = await parse("- {name: ' a ', secret: '  s-0123456789  ', site: null}")
    expect(one!.fields).toEqual({ name: 'a', secret: 's-0123456789' })
  })

  it('an empty field is read as empty, numbers as text', async () => {
    const [entry] = await parse("- {name: a, secret: s-0123456789, site: '', warn-days: 14}")
    expect(entry!.fields).toEqual({
      name: 'a',
      secret: 's-0123456789',
      site: '',
      'warn-days': '14'
    })
  })
})

describe('summary: counts per status', () => {
  it('counts every status, ok included, worst first', () => {
    const results = [
      signedIn({ tokenName: 'a' }),
      signedIn({ tokenName: 'b' }),
      signedIn({ tokenName: 'c', status: 'warning' }),
      signedIn({ tokenName: 'd', status: 'invalid' })
    ]
    expect(summaryHtml(results)).toContain('<p>❌ 1 invalid · ⚠️ 1 warning · ✅ 2 ok</p>')
  })
})

describe('token list: YAML problems name the entry, never its text', () => {
  const parse = (text: string) => parseTokensInput(text, () => {})
  const two = '- {name: a, secret: s-0123456789}\n'

  it.each([
    [
      `${two}- {name: b, secret: !custom s-0123456789}`,
      'tokens uses YAML the action does not take at line 2, column 21 (TAG_RESOLVE_FAILED, e.g. a tag such as !custom), in entry 2: write every value as a plain or quoted string.'
    ],
    [
      // A tag before an entry's value is outside the value's range, yet belongs to the entry.
      `${two}- !custom {name: b, secret: s-0123456789}`,
      'tokens uses YAML the action does not take at line 2, column 3 (TAG_RESOLVE_FAILED, e.g. a tag such as !custom), in entry 2: write every value as a plain or quoted string.'
    ],
    [
      '- {name: !custom a, secret: s-0123456789}\n- {name: b, secret: s-0123456789}',
      'tokens uses YAML the action does not take at line 1, column 10 (TAG_RESOLVE_FAILED, e.g. a tag such as !custom), in entry 1: write every value as a plain or quoted string.'
    ],
    [
      'tokens: !custom x',
      'tokens uses YAML the action does not take at line 1, column 9 (TAG_RESOLVE_FAILED, e.g. a tag such as !custom): write every value as a plain or quoted string.'
    ],
    [
      `${two}- {name: b, secret: [unclosed`,
      'tokens is not a valid YAML or JSON list at line 2, column 30 (BAD_INDENT), in entry 2. Each entry needs at least name and secret.'
    ]
  ])('%p', async (text, message) => {
    const error = await parse(text).catch((err: unknown) => err)
    expect((error as Error).message).toBe(message)
    expect((error as Error).message).not.toContain('s-0123456789')
  })

  it('refuses an alias bomb with its own message', async () => {
    const laughs = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'
    ].join('\n')
    await expect(parse(laughs)).rejects.toThrow(
      'tokens could not be read as a YAML or JSON list (too many aliases, or a recursive one). Write every entry out in full.'
    )
  })
})
