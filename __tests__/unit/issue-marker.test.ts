/** The hidden marker: what it records, and what it accepts from issue bodies anyone can edit. */
import { marker, readMarker, tokenIdentity, type IssueState } from '../../src/github/issue-text.js'

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
