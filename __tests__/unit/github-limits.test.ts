/** Fitting issue text to GitHub's limits (github-limits.ts): characters as GitHub counts them. */
import fc from 'fast-check'
import {
  charCount,
  fitBody,
  fitTitle,
  shorten,
  TITLE_MAX_CHARS
} from '../../src/github/github-limits.js'

const compose = (name: string, site: string): string =>
  `Tableau PAT "${name}" (site: ${site}) expires in 12 days`

describe('shorten', () => {
  it('keeps text that fits, and cuts the rest to max with an ellipsis', () => {
    expect(shorten('abc', 3)).toBe('abc')
    expect(shorten('abcd', 3)).toBe('ab…')
    expect(shorten('財務抽出', 3)).toBe('財務…')
  })

  it('never splits a grapheme: a family emoji is kept whole or left out', () => {
    const family = '👩‍👩‍👧‍👦' // 7 code points, one grapheme
    expect(shorten(`a${family}bc`, 9)).toBe(`a${family}…`)
    expect(shorten(`a${family}bc`, 8)).toBe('a…')
  })

  it('is at most max characters for any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.nat(300), (text, max) => {
        const cut = shorten(text, Math.max(1, max))
        expect(charCount(cut)).toBeLessThanOrEqual(Math.max(1, max))
        if (charCount(text) <= max) expect(cut).toBe(text)
        else expect(text.startsWith(cut.slice(0, -1))).toBe(true)
      })
    )
  })
})

describe('fitTitle', () => {
  it('leaves a title that fits as it is', () => {
    expect(fitTitle(compose, 'extract-bot', 'finance')).toBe(compose('extract-bot', 'finance'))
  })

  it('gives a long name the room a short site leaves', () => {
    const title = fitTitle(compose, 'n'.repeat(400), 'finance')
    expect(charCount(title)).toBe(TITLE_MAX_CHARS)
    expect(title).toMatch(/^Tableau PAT "n+…" \(site: finance\) expires in 12 days$/)
  })

  it('shares the room between a long name and a long site (brute force over sizes)', () => {
    for (let name = 0; name <= 400; name += 37)
      for (let site = 0; site <= 400; site += 41) {
        const title = fitTitle(compose, 'n'.repeat(name), 's'.repeat(site))
        expect(charCount(title)).toBeLessThanOrEqual(TITLE_MAX_CHARS)
        expect(title.endsWith(') expires in 12 days')).toBe(true)
        if (charCount(compose('n'.repeat(name), 's'.repeat(site))) <= TITLE_MAX_CHARS)
          expect(title).toBe(compose('n'.repeat(name), 's'.repeat(site)))
        else expect(charCount(title)).toBeGreaterThanOrEqual(TITLE_MAX_CHARS - 1)
      }
  })
})

describe('fitBody', () => {
  it('keeps everything that fits', () => {
    expect(fitBody(['head'], ['a', 'b'], ['tail'], 100)).toBe('head\na\nb\ntail')
  })

  it('drops whole items past the limit, and says how many', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => `> warning ${i} ${'x'.repeat(20)}`)
    const body = fitBody(['<!-- marker -->', '### head'], items, ['', 'Last checked'])
    expect(charCount(body)).toBeLessThanOrEqual(65_536)
    expect(body.startsWith('<!-- marker -->\n### head\n> warning 0 ')).toBe(true)
    expect(body.endsWith('\n\nLast checked')).toBe(true)
    const kept = body.split('\n').filter(line => line.startsWith('> warning')).length
    expect(kept).toBeGreaterThan(1000)
    expect(body).toContain(`> _${10_000 - kept} more lines were left out`)
    // Whole lines only: every kept item is one of the items, unchanged.
    for (const line of body.split('\n').filter(line => line.startsWith('> warning')))
      expect(items).toContain(line)
  })

  it('keeps a body of exactly the limit whole', () => {
    const body = fitBody(
      ['head'],
      ['a'.repeat(10)],
      ['tail'],
      'head\n'.length + 10 + '\ntail'.length
    )
    expect(body).toBe(`head\n${'a'.repeat(10)}\ntail`)
  })

  it('says "1 more line was" for one item left out', () => {
    expect(fitBody(['h'], ['x'.repeat(150), 'y'.repeat(150)], [], 280)).toContain(
      '> _1 more line was left out'
    )
  })

  it.each([
    [
      ['<!-- m -->', '### head'],
      ['', 'end']
    ],
    [[], []]
  ])(
    'keeps as many whole items as fit, at every limit (brute force; head %j, tail %j)',
    (head, tail) => {
      const items = Array.from({ length: 12 }, (_, i) => `> item ${i} ${'w'.repeat(i * 7)}`)
      for (let max = 300; max <= 900; max++) {
        const body = fitBody(head, items, tail, max)
        expect(charCount(body)).toBeLessThanOrEqual(max)
        const kept = body.split('\n').filter(line => line.startsWith('> item')).length
        // By the definition: the first k items, the note and the rest must fit; k + 1 must not.
        const withItems = (k: number): string =>
          k === items.length
            ? [...head, ...items, ...tail].join('\n')
            : [
                ...head,
                ...items.slice(0, k),
                `> _${items.length - k} more ${items.length - k === 1 ? 'line was' : 'lines were'} left out to stay within GitHub's ${max.toLocaleString('en-US')}-character limit: see the workflow run's log._`,
                ...tail
              ].join('\n')
        expect(body).toBe(withItems(kept))
        if (kept < items.length) expect(charCount(withItems(kept + 1))).toBeGreaterThan(max)
      }
    }
  )

  it('counts characters, not bytes: 16,000 CJK items of 3 characters all fit', () => {
    const items = Array.from({ length: 16_000 }, () => '財務抽')
    const body = fitBody([], items, [])
    expect(body).not.toContain('left out')
    expect(Buffer.byteLength(body)).toBeGreaterThan(65_536)
  })
})
