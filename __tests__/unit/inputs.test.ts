import { InputError, readSettings } from '../../src/inputs.js'

const SECRET = 'sec"<r>&\'ét-✓'

function settingsFrom(inputs: Record<string, string>) {
  const masked: string[] = []
  const values: Record<string, string> = {
    'server-url': 'https://tableau.example.com',
    'token-name': 'extract-bot',
    'token-secret': SECRET,
    ...inputs
  }
  const settings = readSettings({
    get: name => values[name] ?? '',
    mask: secret => masked.push(secret)
  })
  return { settings, masked }
}

function errorFor(inputs: Record<string, string>): string {
  try {
    settingsFrom(inputs)
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    expect((err as Error).message).not.toContain(SECRET)
    return (err as Error).message
  }
  throw new Error('expected an input error')
}

describe('readSettings', () => {
  it('applies the documented defaults', () => {
    const { settings, masked } = settingsFrom({})
    expect(settings).toMatchObject({
      site: '',
      platform: 'auto',
      apiVersion: 'auto',
      warnDays: 30,
      failDays: 7,
      timeoutMs: 30_000,
      tokenName: 'extract-bot',
      tokenSecret: SECRET,
      warnings: []
    })
    expect(settings.serverUrl.origin).toBe('https://tableau.example.com')
    expect(masked).toEqual([SECRET])
  })

  it('masks the secret even when another input is bad', () => {
    const masked: string[] = []
    expect(() =>
      readSettings({
        get: name => ({ 'token-secret': SECRET, 'server-url': 'nope' })[name] ?? '',
        mask: s => masked.push(s)
      })
    ).toThrow(InputError)
    expect(masked).toEqual([SECRET])
  })

  it('reads explicit values', () => {
    const { settings } = settingsFrom({
      site: 'finance',
      platform: 'Cloud',
      'api-version': '3.21',
      'warn-days': '45',
      'fail-days': '0',
      'timeout-seconds': '2.5'
    })
    expect(settings).toMatchObject({
      site: 'finance',
      platform: 'cloud',
      apiVersion: '3.21',
      warnDays: 45,
      failDays: 0,
      timeoutMs: 2500
    })
  })

  it.each([
    [{ 'warn-days': 'soon' }, 'warn-days must be a whole number of days, got "soon"'],
    [{ 'fail-days': '-1' }, 'fail-days must be a whole number of days'],
    [{ 'warn-days': '3.5' }, 'warn-days must be a whole number'],
    [
      { 'warn-days': '5', 'fail-days': '6' },
      'fail-days (6) must not be greater than warn-days (5)'
    ],
    [{ 'timeout-seconds': '0' }, 'timeout-seconds must be a number of seconds above 0'],
    [{ 'timeout-seconds': 'ten' }, 'timeout-seconds must be'],
    [{ 'timeout-seconds': '601' }, 'at most 600'],
    [{ platform: 'desktop' }, 'platform must be one of auto, server, cloud; got "desktop"'],
    [
      { 'api-version': 'latest' },
      'api-version must be "auto" or a version such as 3.19, got "latest"'
    ],
    [{ 'api-version': '3.5' }, 'api-version 3.5 is too old'],
    [{ 'server-url': '' }, 'server-url is empty'],
    [
      { 'server-url': 'tableau.example.com' },
      'server-url must be a full address starting with https://'
    ],
    [{ 'server-url': 'ftp://tableau.example.com' }, 'server-url must start with https://'],
    [
      { 'server-url': 'https://10ay.online.tableau.com/#/site/finance/home' },
      "server-url must be the server's address only"
    ],
    [{ 'server-url': 'https://tableau.example.com/api/3.19' }, 'without a path'],
    [
      { 'server-url': 'https://user:pw@tableau.example.com' },
      'must not contain a user name or password'
    ],
    [{ site: '#/site/finance' }, "site must be the site's content URL"],
    [{ site: 'my site' }, "site must be the site's content URL"],
    [{ 'token-name': '' }, 'token-name is empty'],
    [{ 'token-secret': '' }, 'token-secret is empty']
  ])('rejects %j with a message naming the input', (inputs, expected) => {
    expect(errorFor(inputs)).toContain(expected)
  })

  it('warns about plain http to a remote host, not to loopback', () => {
    expect(settingsFrom({ 'server-url': 'http://tableau.internal' }).settings.warnings).toEqual([
      expect.stringContaining('server-url uses plain http')
    ])
    expect(settingsFrom({ 'server-url': 'http://127.0.0.1:8080' }).settings.warnings).toEqual([])
    expect(settingsFrom({ 'server-url': 'http://localhost:8080/' }).settings.warnings).toEqual([])
  })
})
