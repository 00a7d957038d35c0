/** groupThousands against Intl's own en-US formatting, the reference it replaces. */
import fc from 'fast-check'
import { groupThousands } from '../../src/text/numbers.js'

describe('groupThousands', () => {
  it('writes every integer from -2,000 to 5,000, and sampled to 2,000,000, as en-US does', () => {
    for (let n = -2000; n <= 2_000_000; n += n < 5_000 ? 1 : 997)
      expect(groupThousands(n)).toBe(n.toLocaleString('en-US'))
  })

  it('agrees with en-US on any safe integer and short fractions (property)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 0, max: 999 }), (whole, thousandths) => {
        expect(groupThousands(whole)).toBe(whole.toLocaleString('en-US'))
        const value = Math.trunc(whole / 1000) + thousandths / 1000
        expect(groupThousands(value)).toBe(
          value.toLocaleString('en-US', { maximumFractionDigits: 20 })
        )
      })
    )
  })
})
