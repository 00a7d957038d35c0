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

  it('counts characters, not bytes: 16,000 CJK items of 3 characters all fit', () => {
    const items = Array.from({ length: 16_000 }, () => '財務抽')
    const body = fitBody([], items, [])
    expect(body).not.toContain('left out')
    expect(Buffer.byteLength(body)).toBeGreaterThan(65_536)
  })
})
