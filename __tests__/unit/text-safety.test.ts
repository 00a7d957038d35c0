/** The sanitiser, code spans, the redactor and the other small guards of issues #14 and #15. */
import fc from 'fast-check'
import {
  codeSpan,
  escapeHtml,
  firstUnprintable,
  inertHtml,
  safeLine
} from '../../src/text/safe-text.js'
import { FRAGMENT_LENGTH, Redactor, maskSecret } from '../../src/text/redact.js'
import { withoutUserinfo } from '../../src/config/token-inputs.js'
import { nextLink } from '../../src/github/issue-list.js'
import { parseInstant, parseTimeToExpiration } from '../../src/core/expiry.js'

const RUNS = { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 300) }

describe('safeLine', () => {
  it.each([
    ['a\nb', 'a\\nb'],
    ['a\r\nb', 'a\\r\\nb'],
    ['a\u2028b\u2029c\u0085d', 'a\\u2028b\\u2029c\\u0085d'],
    ['::error::X', '\\::error::X'],
    ['  ::error::X', '\\  ::error::X'],
    ['x ##[add-mask]y', 'x ##\\[add-mask]y'],
    ['\u001b]0;title\u0007', '\\u001b]0;title\\u0007'],
    ['right\u202eto-left', 'right\\u202eto-left'],
    ['tab\tkept', 'tab\tkept'],
    ['a :: b', 'a :: b']
  ])('%j -> %j', (text, expected) => {
    expect(safeLine(text)).toBe(expected)
  })

  it('always gives one line that no runner parser takes for a command, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), text => {
        const line = safeLine(text)
        expect(line).not.toMatch(/[\r\n\u0085\u2028\u2029]/)
        expect(line.trimStart().startsWith('::')).toBe(false)
        expect(line).not.toContain('##[')
        expect(firstUnprintable(line.replace(/\t/g, ''))).toBeUndefined()
        expect(safeLine(line)).toBe(line)
      }),
      RUNS
    )
  })
})

describe('escapeHtml and inertHtml', () => {
  it('escape the five HTML characters as numeric entities, and nothing else', () => {
    expect(escapeHtml(`<a href="x">'&' é</a>`)).toBe(
      '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39; é&#60;/a&#62;'
    )
  })

  it('inertHtml makes the text one line first, then escapes it', () => {
    expect(inertHtml('a\n\n<b>\u202e')).toBe('a\\n\\n&#60;b&#62;\\u202e')
  })
})

describe('codeSpan', () => {
  it.each([
    ['@octocat', '`@octocat`'],
    ['a`b', '``a`b``'],
    ['a``b', '```a``b```'],
    ['`edge`', '`` `edge` ``'],
    ['', '` `'],
    ['line\nbreak', '`line\\nbreak`']
  ])('%j -> %j', (text, expected) => {
    expect(codeSpan(text)).toBe(expected)
  })

  it('holds any text in one span: the fence is longer than any backtick run inside', () => {
    fc.assert(
      fc.property(fc.string(), text => {
        const span = codeSpan(text)
        const fence = /^`+/.exec(span)![0]
        expect(span.endsWith(fence)).toBe(true)
        const inner = span.slice(fence.length, -fence.length)
        expect(inner.includes(fence)).toBe(false)
      }),
      RUNS
    )
  })
})

describe('Redactor', () => {
  const secret = 'Ab3dEf7hIj1LmN0pQr5TuV==:wXyZ0123456789abcdefghijklmnopqr'

  it('removes the whole secret and every piece of 8 or more characters, wherever it is cut', () => {
    const redactor = new Redactor()
    redactor.add(secret)
    expect(redactor.redact(`x ${secret} y`)).toBe('x *** y')
    expect(redactor.redact(`"personalAccessTokenSecret":"${secret.slice(0, 30)}..."`)).toBe(
      '"personalAccessTokenSecret":"***..."'
    )
    expect(redactor.redact(`tail ${secret.slice(40)}`)).toBe('tail ***')
    // Seven characters are below the bar: too short to be of use, and too common to hunt.
    expect(redactor.redact(secret.slice(3, 10))).toBe(secret.slice(3, 10))
  })

  it('finds the secret JSON-, XML-, URL-encoded and split across lines', () => {
    const odd = 'p@ss "word" <&> ünï\nsecond line here'
    const redactor = new Redactor()
    redactor.add(odd)
    for (const form of [
      JSON.stringify(odd),
      odd.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`),
      encodeURIComponent(odd),
      safeLine(odd),
      odd.replace(/\s+/g, ' ')
    ]) {
      const out = redactor.redact(`before ${form} after`)
      expect(out).toMatch(/^before .*\*\*\*.* after$/)
      for (let i = 0; i + FRAGMENT_LENGTH <= odd.length; i++)
        expect(out).not.toContain(odd.slice(i, i + FRAGMENT_LENGTH))
    }
  })

  it('redacts a short secret only whole', () => {
    const redactor = new Redactor()
    redactor.add('abc')
    expect(redactor.redact('xabcx abd')).toBe('x***x abd')
  })
})

describe('maskSecret', () => {
  it('masks the secret, and each line of 8 or more characters on its own', () => {
    const masked: string[] = []
    maskSecret(secret => masked.push(secret), 'first-line-long\nshort\r\nthird-line-long')
    expect(masked).toEqual([
      'first-line-long\nshort\r\nthird-line-long',
      'first-line-long',
      'third-line-long'
    ])
  })
})

describe('withoutUserinfo', () => {
  it.each([
    ['ftp://user:hunter2pw@host', 'ftp://host'],
    ['https://u:p@ss@host/x', 'https://host/x'],
    ['user:pw@host', 'host'],
    ['https://tableau.example.com', 'https://tableau.example.com']
  ])('%s -> %s', (address, expected) => {
    expect(withoutUserinfo(address)).toBe(expected)
  })
})

describe('nextLink', () => {
  it('reads the rel="next" address of a Link header', () => {
    expect(
      nextLink(
        '<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"'
      )
    ).toBe('https://api.github.com/x?page=2')
    expect(nextLink('<https://api.github.com/x?page=5>; rel="last"')).toBeUndefined()
    expect(nextLink(undefined)).toBeUndefined()
  })
})

describe('out-of-range dates and durations are unreadable', () => {
  it.each(['1:99:99', '1:24:00', '1:1:60', '0:0:0:99'])('%s', text => {
    expect(parseTimeToExpiration(text)).toBeUndefined()
  })

  it.each([
    '2099-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T12:60:00Z',
    '2024-01-01T12:00:61Z',
    '2024-01-01T12:00:00+25:00'
  ])('%s', text => {
    expect(parseInstant(text)).toBeUndefined()
  })

  it('still reads real ones, leap days included', () => {
    expect(parseInstant('2024-02-29T23:59:59Z')?.toISOString()).toBe('2024-02-29T23:59:59.000Z')
    expect(parseInstant('2024-06-12T16:55:46+02:00')?.toISOString()).toBe(
      '2024-06-12T14:55:46.000Z'
    )
    expect(parseTimeToExpiration('173:23:59')).toBe(((173 * 24 + 23) * 60 + 59) * 60_000)
  })
})
