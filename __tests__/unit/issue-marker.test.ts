/** The hidden marker: what it records, and what it accepts from issue bodies anyone can edit. */
import {
  identityOf,
  issueIdentity,
  marker,
  readMarker,
  replaceMarker,
  tokenIdentity,
  type IssueState
} from '../../src/github/issue-marker.js'
import { graceDays, orphanDecision } from '../../src/github/orphans.js'
import type { TokenResult } from '../../src/core/types.js'

const state: IssueState = {
  id: '0123456789abcdef',
  status: 'warning',
  bucket: 'under-14',
  token: tokenIdentity('finance', 'extract-bot'),
  workflow: '.github/workflows/pat keepalive --> x.yml'
}

describe('the issue marker', () => {
  it('round-trips every field, with the workflow path escaped so it cannot end the comment', () => {
    const text = marker(state)
    expect(text).toBe(
      `<!-- tableau-pat-keepalive id=0123456789abcdef status=warning bucket=under-14 token=${state.token} workflow=.github/workflows/pat%20keepalive%20--%3E%20x.yml -->`
    )
    expect(text.indexOf('-->')).toBe(text.length - 3)
    expect(readMarker(`intro\n${text}\nbody`)).toEqual(state)
  })

  it('reads the markers 1.0.0 wrote, which name no workflow and no site-and-name key', () => {
    expect(
      readMarker(
        '<!-- tableau-pat-keepalive id=0123456789abcdef status=critical bucket=under-3 -->'
      )
    ).toEqual({ id: '0123456789abcdef', status: 'critical', bucket: 'under-3' })
  })

  it('ignores a malformed key and keeps a hand-edited path as written', () => {
    expect(
      readMarker(
        '<!-- tableau-pat-keepalive id=0123456789abcdef status=ok bucket=over-90 token=nothex workflow=%E0%A4 -->'
      )
    ).toEqual({ id: '0123456789abcdef', status: 'ok', bucket: 'over-90', workflow: '%E0%A4' })
  })

  it('is not fooled by text that only looks like a marker', () => {
    for (const body of [
      '<!-- tableau-pat-keepalive id=0123 status=ok bucket=x -->',
      '<!-- tableau-pat-keepalive id=0123456789abcdef status=ok bucket=x workflow -->',
      '`<!-- tableau-pat-keepalive id=0123456789abcdef status=ok bucket=x` -->x'
    ])
      expect(readMarker(body)).toBeUndefined()
  })

  it('keys a token by site and name alone, so a server move finds it', () => {
    expect(tokenIdentity('finance', 'extract-bot')).toMatch(/^[0-9a-f]{16}$/)
    expect(tokenIdentity('finance', 'extract-bot')).not.toBe(
      tokenIdentity('finance2', 'extract-bot')
    )
    expect(tokenIdentity('a\nb', 'c')).not.toBe(tokenIdentity('a', 'b\nc'))
  })
})

describe('the last-checked time and the orphan policy', () => {
  const now = new Date('2026-11-30T12:00:00Z')
  const policy = { scheduled: true, graceDays: 7, now }
  const at = (daysAgo: number): string =>
    new Date(now.getTime() - daysAgo * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z')

  it('round-trips checked, and ignores one that is not an instant', () => {
    const withTime = { ...state, checked: '2026-11-30T09:41:27Z' }
    expect(readMarker(marker(withTime))).toEqual(withTime)
    const forged = marker(state).replace(' -->', ' checked=2026-02-30T00:00:00Z -->')
    expect(readMarker(forged)?.checked).toBeUndefined()
  })

  it('replaces only the marker of a body', () => {
    const body = `${marker(state)}\n### text -->\nmore`
    const stamped = replaceMarker(body, { ...state, checked: '2026-11-30T09:41:27Z' })
    expect(stamped).toBe(body.replace(' -->\n', ' checked=2026-11-30T09:41:27Z -->\n'))
  })

  it.each([
    ['checked 6 days ago', { checked: at(6) }, policy, 'leave'],
    ['checked 8 days ago', { checked: at(8) }, policy, 'close'],
    [
      'checked 8 days ago, but a manual run',
      { checked: at(8) },
      { ...policy, scheduled: false },
      'leave'
    ],
    [
      'checked 8 days ago, grace 15 (a monthly schedule)',
      { checked: at(8) },
      { ...policy, graceDays: 15 },
      'leave'
    ],
    ['no time (1.0.0)', {}, policy, 'stamp'],
    ['no time, manual run', {}, { ...policy, scheduled: false }, 'stamp']
  ])('%s', (_, fields, rules, expected) => {
    const decision = orphanDecision({ state: { ...state, ...fields } }, [], rules)
    expect(typeof decision === 'string' ? decision : 'close').toBe(expected)
  })

  it('never closes a watched token whose signer failed in this run; closes one gone from the read list', () => {
    const signer = {
      tokenName: 'monitor',
      site: 'finance',
      serverHost: 'x.online.tableau.com',
      watched: false
    } as TokenResult
    const via = issueIdentity(signer.serverHost, signer.site, signer.tokenName)
    const watchedState = { ...state, via, checked: at(30) }
    for (const watchList of [undefined, 'unread'] as const)
      expect(orphanDecision({ state: watchedState }, [{ ...signer, watchList }], policy)).toBe(
        'leave'
      )
    const read = { ...signer, watchList: 'read' as const }
    expect(
      orphanDecision(
        { state: watchedState },
        [{ ...read, listedTokens: [{ tokenName: 'other' }] }],
        policy
      )
    ).toEqual({ kind: 'not-listed', via: 'monitor' })
    // Still listed, only no longer selected here: the grace rule, as for any token.
    expect(
      orphanDecision(
        { state: { ...watchedState, checked: at(1) } },
        [{ ...read, listedTokens: [{ tokenName: 'extract-bot' }] }],
        policy
      )
    ).toBe('leave')
  })

  it('grace is the schedule gap, at least 7 and at most 15 days', () => {
    expect([undefined, 2, 7, 10, 15, 31].map(graceDays)).toEqual([7, 7, 7, 10, 15, 15])
  })

  it('keys a watched token by its owner too', () => {
    const watched = { serverHost: 'h', site: 's', tokenName: 'etl', watched: true } as TokenResult
    expect(identityOf({ ...watched, ownerId: 'u1' })).not.toBe(
      identityOf({ ...watched, ownerId: 'u2' })
    )
    expect(identityOf({ ...watched, watched: false, ownerId: 'u1' })).toBe(
      issueIdentity('h', 's', 'etl')
    )
  })
})
