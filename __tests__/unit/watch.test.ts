/** Watching the owner's tokens (issue #12): selection, deadlines, statuses and the inputs. */
import { readFileSync } from 'node:fs'
import { InputError, readSettings } from '../../src/config/inputs.js'
import { parseTokenList, readDocument } from '../../src/tableau/responses.js'
import { isWatched, watchedResult, watchedResults } from '../../src/token/watch.js'
import { WATCH_ALL, signedIn } from '../fakes/results.js'

const NOW = new Date('2026-11-25T12:00:00Z')
const signer = signedIn()
const settings = WATCH_ALL
const watch = (lastUsedAt?: string, expiresAt?: string) =>
  watchedResult({ tokenName: 'prod', lastUsedAt, expiresAt }, signer, settings, NOW)

describe('which tokens are watched', () => {
  it.each([
    ['extract-*', 'extract-daily', true],
    ['extract-*', 'my-extract-daily', false],
    ['publisher', 'publisher', true],
    ['publisher', 'publisher-2', false],
    ['pub?isher', 'publisher', true],
    ['a.b', 'axb', false],
    ['(x)+', '(x)+', true],
    ['*', 'anything at all', true]
  ])('%s takes %s: %p', (pattern, name, expected) => {
    expect(isWatched({ all: false, patterns: [pattern] }, name)).toBe(expected)
  })

  it('never watches the signed-in token itself, even when the list holds it', () => {
    const list = [{ tokenName: 'monitor' }, { tokenName: 'prod' }, { tokenName: 'other' }]
    const names = watchedResults(
      list,
      signer,
      { ...settings, selection: { all: false, patterns: ['prod', 'mon*'] } },
      NOW
    ).map(r => r.tokenName)
    expect(names).toEqual(['prod'])
  })
})

describe('a watched token from the list', () => {
  it('used today: ok, 15 days to its idle deadline; days count to the first deadline', () => {
    const result = watch('2026-11-25T06:00:00Z', '2027-03-01T00:00:00Z')
    expect(result).toMatchObject({
      status: 'ok',
      watched: true,
      refreshed: false,
      watchedBy: 'monitor',
      expirySource: 'token-list',
      lastUsedAt: '2026-11-25T06:00:00Z',
      idleExpiresAt: '2026-12-10T06:00:00Z',
      expiresAt: '2027-03-01T00:00:00Z',
      daysUntilExpiry: 14
    })
    expect(result.message).toMatch(/^Watched, not signed in: last used 0 days ago; expires on/)
  })

  it('idle deadline within idle-warn-days: warning; exactly idle-warn-days left: ok', () => {
    expect(watch('2026-11-12T13:00:00Z', '2027-03-01T00:00:00Z')).toMatchObject({
      status: 'warning',
      daysUntilExpiry: 2
    })
    expect(watch('2026-11-13T13:00:00Z', '2027-03-01T00:00:00Z')).toMatchObject({
      status: 'ok',
      daysUntilExpiry: 3
    })
  })

  it('idle deadline past: critical and dead, with the days since its last use', () => {
    const result = watch('2026-11-05T12:00:00Z', '2027-03-01T00:00:00Z')
    expect(result).toMatchObject({ status: 'critical', daysUntilExpiry: -5 })
    expect(result.message).toBe(
      'Expired from disuse: last used 20 days ago (2026-11-05T12:00:00Z), and a PAT unused for 15 days expires. It must be recreated: create a new PAT in Tableau and update the jobs that use it.'
    )
  })

  it('the date uses warn-days and fail-days, whatever the last use', () => {
    expect(watch('2026-11-25T06:00:00Z', '2026-12-10T13:00:00Z').status).toBe('warning')
    expect(watch('2026-11-25T06:00:00Z', '2026-11-30T13:00:00Z').status).toBe('critical')
    expect(watch('2026-11-25T06:00:00Z', '2026-11-20T00:00:00Z').message).toMatch(/^Expired on /)
  })

  it.each([
    [
      undefined,
      'The token list gives no lastUsedAt: the idle deadline (last use + 15 days) is unknown.'
    ],
    [
      'last tuesday',
      'The token list gives "last tuesday" as lastUsedAt, which is not an existing date and time: the idle deadline (last use + 15 days) is unknown.'
    ],
    [
      '2026-02-30T00:00:00Z',
      'The token list gives "2026-02-30T00:00:00Z" as lastUsedAt, which is not an existing date and time: the idle deadline (last use + 15 days) is unknown.'
    ]
  ])(
    'lastUsedAt %p: the idle deadline is unknown, said so, judged by the date',
    (lastUsedAt, warning) => {
      const result = watch(lastUsedAt, '2027-03-01T00:00:00Z')
      expect(result.warnings).toEqual([warning])
      expect(result).toMatchObject({ status: 'ok', daysUntilExpiry: 95 })
      expect(result.idleExpiresAt).toBeUndefined()
      expect(result.message).toContain('last use unknown')
    }
  )

  it('neither deadline known: ok with unknown days, two warnings', () => {
    const result = watch(undefined, undefined)
    expect(result.daysUntilExpiry).toBeUndefined()
    expect(result.warnings).toHaveLength(2)
    expect(result.status).toBe('ok')
  })
})

describe('the token list shapes carry lastUsedAt', () => {
  const fixture = (name: string): string =>
    readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')

  it('from the XML and JSON samples, into watched results', async () => {
    for (const [name, contentType] of [
      ['docs__list_personal_access_tokens.xml', 'application/xml'],
      ['docs__list_personal_access_tokens.json', 'application/json']
    ] as const) {
      const doc = await readDocument({ status: 200, contentType, body: fixture(name) })
      const results = watchedResults(parseTokenList(doc!), signer, settings, NOW)
      expect(results.map(r => [r.tokenName, r.lastUsedAt, r.status])).toEqual([
        ['user_pat1', '2023-06-13T16:55:46Z', 'critical'],
        ['user_pat4', '2023-06-13T16:55:51Z', 'critical'],
        ['user_pat5', '2023-06-13T16:55:56Z', 'critical']
      ])
    }
  })
})

describe('inputs', () => {
  const read = (inputs: Record<string, string>) =>
    readSettings({
      get: name =>
        ({
          'server-url': 'https://10ay.online.tableau.com',
          site: 'finance',
          'token-name': 'monitor',
          'token-secret': 'secret-value',
          ...inputs
        })[name] ?? '',
      mask: () => {}
    })

  it('reads false, true and a list of names and globs, with idle-warn-days', async () => {
    expect((await read({})).tokens[0]!.watch).toBeUndefined()
    expect((await read({ 'watch-owner-tokens': 'false' })).tokens[0]!.watch).toBeUndefined()
    expect((await read({ 'watch-owner-tokens': 'TRUE' })).tokens[0]!.watch).toEqual({
      selection: { all: true },
      idleWarnDays: 3
    })
    expect(
      (await read({ 'watch-owner-tokens': 'extract-*, publisher', 'idle-warn-days': '5' }))
        .tokens[0]!.watch
    ).toEqual({ selection: { all: false, patterns: ['extract-*', 'publisher'] }, idleWarnDays: 5 })
  })

  it.each([
    [{ 'watch-owner-tokens': ' , ' }, 'watch-owner-tokens must be true, false, or token names'],
    [{ 'watch-owner-tokens': 'a\nb' }, 'watch-owner-tokens contains a line break'],
    [{ 'idle-warn-days': '16' }, 'idle-warn-days must be at most 15'],
    [{ 'idle-warn-days': 'soon' }, 'idle-warn-days must be a whole number of days']
  ])('refuses %p', async (inputs, message) => {
    await expect(read(inputs)).rejects.toThrow(InputError)
    await expect(read(inputs)).rejects.toThrow(message)
  })
})
