/**
 * Fitting real Tableau deployments (issue #24), on the pure modules: the idle window they
 * configure, an expiry by configuration for servers that report none, Server's token caps, and
 * why a rejected token was rejected.
 */
import { readSettings } from '../../src/config/inputs.js'
import type { TokenResult } from '../../src/core/types.js'
import { checkSchedule } from '../../src/schedule/check.js'
import { MAX_PER_DEVICE, tokenCapWarnings } from '../../src/token/caps.js'
import { explainRejections, fromTokenLists } from '../../src/token/invalid-cause.js'
import { withConfigured } from '../../src/token/token-expiry.js'
import { watchedResult } from '../../src/token/watch.js'
import { fromLastState } from '../../src/github/rejection-memory.js'

const NOW = new Date('2026-11-30T12:00:00Z')
const result = (fields: Partial<TokenResult>): TokenResult => ({
  tokenName: 'bot',
  site: 'finance',
  server: 'https://tableau.example.com',
  serverHost: 'tableau.example.com',
  platform: 'server',
  status: 'ok',
  refreshed: true,
  watched: false,
  expirySource: 'none',
  apiVersion: '3.24',
  message: 'Sign-in rejected (HTTP 401, Tableau error 401001).',
  warnings: [],
  notices: [],
  ...fields
})

async function settingsOf(inputs: Record<string, string>) {
  const values: Record<string, string> = {
    'server-url': 'https://tableau.example.com',
    'token-name': 'bot',
    'token-secret': 'deployment-secret-0123',
    ...inputs
  }
  return readSettings({ get: name => values[name] ?? '', mask: () => {} })
}

describe('idle-days', () => {
  it('defaults to 15, reads 1 to 365, per token entry too', async () => {
    expect((await settingsOf({})).tokens[0]!.idleDays).toBe(15)
    expect((await settingsOf({ 'idle-days': '14' })).tokens[0]!.idleDays).toBe(14)
    await expect(settingsOf({ 'idle-days': '0' })).rejects.toThrow(
      'idle-days must be a whole number of days from 1 to 365, got 0'
    )
    await expect(settingsOf({ 'idle-days': '366' })).rejects.toThrow('from 1 to 365')
    const list = await settingsOf({
      'token-name': '',
      'token-secret': '',
      tokens: JSON.stringify([
        { name: 'a', secret: 's-a-0123456789' },
        { name: 'b', secret: 's-b-0123456789', 'idle-days': '10' }
      ])
    })
    expect(list.tokens.map(t => t.idleDays)).toEqual([15, 10])
    await expect(
      settingsOf({ 'idle-days': '5', 'idle-warn-days': '6', 'watch-owner-tokens': 'true' })
    ).rejects.toThrow('idle-warn-days must be at most 5 (idle-days')
  })

  it("moves a watched token's idle deadline and its message", () => {
    const entry = {
      tokenName: 'prod',
      lastUsedAt: '2026-11-16T12:00:00Z',
      expiresAt: '2027-06-01T00:00:00Z'
    }
    const signer = result({ platform: 'cloud', status: 'ok' })
    const settings = {
      selection: { all: true } as const,
      idleWarnDays: 3,
      warnDays: 30,
      failDays: 7
    }
    const fifteen = watchedResult(entry, signer, { ...settings, idleDays: 15 }, NOW)
    const fourteen = watchedResult(entry, signer, { ...settings, idleDays: 14 }, NOW)
    expect(fifteen).toMatchObject({ idleExpiresAt: '2026-12-01T12:00:00Z', status: 'warning' })
    expect(fourteen).toMatchObject({ idleExpiresAt: '2026-11-30T12:00:00Z', status: 'critical' })
    expect(fourteen.message).toContain('a PAT unused for 14 days expires')
  })

  it('sets the schedule thresholds: a warning past half of it, an error at it', async () => {
    const verdict = async (cron: string, idleDays: number) =>
      (
        await checkSchedule(
          { GITHUB_WORKFLOW_REF: 'acme/a/.github/workflows/p.yml@refs/heads/main' },
          async () => `on:\n  schedule:\n    - cron: '${cron}'\n`,
          NOW,
          Promise.resolve(),
          idleDays
        )
      ).annotations
        .filter(a => a.level !== 'notice')
        .map(a => a.level)
    expect(await verdict('17 6 * * 1', 15)).toEqual([]) // 7 days: not past 7.5
    expect(await verdict('17 6 * * 1', 12)).toEqual(['warning']) // 7 days: past 6
    expect(await verdict('17 6 * * 1', 7)).toEqual(['error'])
    expect(await verdict('17 6 1,11,21 * *', 14)).toEqual(['warning'])
  })
})

describe('an expiry by configuration', () => {
  it('token-expires-at wins over token-created-at; created-at adds max-age-days (365 by default)', async () => {
    const both = await settingsOf({
      'token-expires-at': '2027-01-15',
      'token-created-at': '2026-01-01'
    })
    expect(both.tokens[0]!.configuredExpiry).toEqual({
      expiresAt: new Date('2027-01-15T00:00:00Z'),
      from: 'token-expires-at'
    })
    const created = await settingsOf({ 'token-created-at': '2026-01-01T08:00:00Z' })
    expect(created.tokens[0]!.configuredExpiry).toEqual({
      expiresAt: new Date('2027-01-01T08:00:00Z'),
      from: 'token-created-at + 365 days'
    })
    const shorter = await settingsOf({ 'token-created-at': '2026-01-01', 'max-age-days': '180' })
    expect(shorter.tokens[0]!.configuredExpiry?.expiresAt).toEqual(new Date('2026-06-30T00:00:00Z'))
    expect((await settingsOf({})).tokens[0]!.configuredExpiry).toBeUndefined()
    await expect(settingsOf({ 'token-created-at': '2026-02-30' })).rejects.toThrow(
      'token-created-at must be a date such as 2026-01-15'
    )
  })

  it('a reported date wins, and a disagreement of a day or more is a notice', () => {
    const configured = { expiresAt: new Date('2027-01-15T00:00:00Z'), from: 'token-expires-at' }
    const none = result({})
    expect(withConfigured({ source: 'none' }, configured, none)).toEqual({
      expiresAt: configured.expiresAt,
      source: 'configured'
    })
    const reported = { expiresAt: new Date('2027-03-01T00:00:00Z'), source: 'sign-in' as const }
    const disagree = result({})
    expect(withConfigured(reported, configured, disagree)).toBe(reported)
    expect(disagree.notices).toEqual([expect.stringContaining('the reported date is used')])
    const agree = result({})
    withConfigured({ ...reported, expiresAt: new Date('2027-01-15T10:00:00Z') }, configured, agree)
    expect(agree.notices).toEqual([])
    expect(withConfigured({ source: 'none' }, undefined, none)).toEqual({ source: 'none' })
  })
})

describe("Tableau Server's token caps", () => {
  const many = (count: number, fields: Partial<TokenResult> = {}) =>
    Array.from({ length: count }, (_, i) => result({ tokenName: `t${i}`, ...fields }))

  it('warns past 10 tokens to one Server in a run, and past 24 of one user', () => {
    expect(tokenCapWarnings(many(MAX_PER_DEVICE))).toEqual([])
    expect(tokenCapWarnings(many(11))).toEqual([
      expect.stringContaining(
        '11 tokens signed in to Tableau Server https://tableau.example.com in this run'
      )
    ])
    const ofOneUser = tokenCapWarnings(many(25, { ownerId: 'u1' }))
    expect(ofOneUser).toHaveLength(2)
    expect(ofOneUser[1]).toContain('25 tokens of one user')
    // Tableau Cloud, watched tokens and other servers do not count.
    expect(tokenCapWarnings(many(11, { platform: 'cloud' }))).toEqual([])
    expect(tokenCapWarnings(many(11, { watched: true }))).toEqual([])
    expect(
      tokenCapWarnings([...many(6), ...many(6, { server: 'https://other.example.com' })])
    ).toEqual([])
  })
})

describe('why a token was rejected', () => {
  const monitor = result({
    tokenName: 'monitor',
    platform: 'cloud',
    watchList: 'read',
    listedTokens: [
      { tokenName: 'fine', expiresAt: '2027-06-01T00:00:00Z', lastUsedAt: '2026-11-29T00:00:00Z' },
      { tokenName: 'idle', expiresAt: '2027-06-01T00:00:00Z', lastUsedAt: '2026-11-01T00:00:00Z' },
      { tokenName: 'dated', expiresAt: '2026-11-01T00:00:00Z', lastUsedAt: '2026-11-29T00:00:00Z' }
    ]
  })
  const rejected = (tokenName: string) =>
    result({ tokenName, platform: 'cloud', status: 'invalid', refreshed: false })

  it.each([
    ['fine', 'secret-or-site', 'still listed'],
    ['idle', 'expired-idle', 'expired from disuse on 2026-11-16T00:00:00Z'],
    ['dated', 'expired-date', 'expired on 2026-11-01T00:00:00Z'],
    ['gone', 'revoked-or-removed', "not in its owner's token list"]
  ])('from a token list read in this run: %p is %p', (name, cause, because) => {
    const results = [monitor, rejected(name)]
    explainRejections(results, () => 15, NOW)
    expect(results[1]).toMatchObject({
      invalidCause: cause,
      message: expect.stringContaining(because)
    })
  })

  it('unknown without a list of the same server and site', () => {
    const elsewhere = { ...monitor, site: 'other' }
    const results = [elsewhere, rejected('fine')]
    explainRejections(results, () => 15, NOW)
    expect(results[1]!.invalidCause).toBe('unknown')
    expect(
      fromTokenLists(rejected('fine'), [{ ...monitor, watchList: 'unread' }], 15, NOW)
    ).toBeUndefined()
  })

  it.each([
    [
      {
        status: 'warning',
        checked: '2026-11-20T00:00:00Z',
        expires: '2027-01-10T00:00:00Z',
        refreshby: '2026-12-05T00:00:00Z'
      },
      'revoked-or-removed',
      'valid on 2026-11-20T00:00:00Z with 51 days left'
    ],
    [
      { status: 'warning', checked: '2026-11-01T00:00:00Z', refreshby: '2026-11-16T00:00:00Z' },
      'expired-idle',
      'its idle deadline passed on 2026-11-16T00:00:00Z'
    ],
    [
      { status: 'critical', checked: '2026-11-20T00:00:00Z', expires: '2026-11-25T00:00:00Z' },
      'expired-date',
      'its expiry date, 2026-11-25T00:00:00Z'
    ],
    [{ status: 'error', checked: '2026-11-20T00:00:00Z' }, undefined, '']
  ])('from the last state in its issue: %p', (fields, cause, because) => {
    const explanation = fromLastState(
      { id: '0123456789abcdef', bucket: 'under-60', ...fields },
      NOW
    )
    expect(explanation?.cause).toBe(cause)
    if (because) expect(explanation?.because).toContain(because)
  })
})
