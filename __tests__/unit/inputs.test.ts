import { InputError, readSettings, type Settings } from '../../src/config/inputs.js'

const SECRET = 'sec"<r>&\'ét-✓'

async function settingsFrom(
  inputs: Record<string, string>
): Promise<{ settings: Settings; masked: string[] }> {
  const masked: string[] = []
  const values: Record<string, string> = {
    'server-url': 'https://tableau.example.com',
    'token-name': 'extract-bot',
    'token-secret': SECRET,
    ...inputs
  }
  const settings = await readSettings({
    get: name => values[name] ?? '',
    mask: secret => masked.push(secret)
  })
  return { settings, masked }
}

async function errorFor(
  inputs: Record<string, string>,
  secrets: string[] = [SECRET]
): Promise<string> {
  const error = await settingsFrom(inputs).then(
    () => undefined,
    (err: unknown) => err
  )
  expect(error).toBeInstanceOf(InputError)
  const message = (error as Error).message
  for (const secret of secrets) expect(message).not.toContain(secret)
  return message
}

describe('readSettings, one token', () => {
  it('applies the documented defaults', async () => {
    const { settings, masked } = await settingsFrom({})
    expect(settings.concurrency).toBe(4)
    expect(settings.warnings).toEqual([])
    expect(settings.tokens).toHaveLength(1)
    expect(settings.tokens[0]).toMatchObject({
      site: '',
      platform: 'auto',
      apiVersion: 'auto',
      warnDays: 30,
      failDays: 7,
      timeoutMs: 30_000,
      tokenName: 'extract-bot',
      tokenSecret: SECRET
    })
    expect(settings.tokens[0]!.serverUrl.origin).toBe('https://tableau.example.com')
    expect(masked).toEqual([SECRET])
  })

  it('masks the secret even when another input is bad', async () => {
    const masked: string[] = []
    const values: Record<string, string> = { 'token-secret': SECRET, 'server-url': 'nope' }
    await expect(
      readSettings({ get: name => values[name] ?? '', mask: s => masked.push(s) })
    ).rejects.toThrow(InputError)
    expect(masked).toEqual([SECRET])
  })

  it('reads explicit values', async () => {
    const { settings } = await settingsFrom({
      site: 'finance',
      platform: 'Cloud',
      'api-version': '3.21',
      'warn-days': '45',
      'fail-days': '0',
      'timeout-seconds': '2.5'
    })
    expect(settings.tokens[0]).toMatchObject({
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
    [{ concurrency: '0' }, 'concurrency must be a whole number from 1 to 50, got "0"'],
    [{ concurrency: 'many' }, 'concurrency must be a whole number'],
    [
      { platform: 'desktop' },
      'platform must be one of auto, server, cloud, cloud-manager; got "desktop"'
    ],
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
    [
      { 'server-url': 'https://10ay.online.tableau.com' },
      'site is empty, but Tableau Cloud has no Default site'
    ],
    [{ platform: 'cloud' }, 'site is empty, but Tableau Cloud has no Default site'],
    [{ 'token-name': '' }, 'token-name is empty'],
    [{ 'token-secret': '' }, 'token-secret is empty']
  ])('rejects %j with a message naming the input', async (inputs, expected) => {
    expect(await errorFor(inputs)).toContain(expected)
  })

  it('warns about plain http to a remote host, not to loopback', async () => {
    expect(
      (await settingsFrom({ 'server-url': 'http://tableau.internal' })).settings.warnings
    ).toEqual([expect.stringContaining('server-url uses plain http')])
    expect(
      (await settingsFrom({ 'server-url': 'http://127.0.0.1:8080' })).settings.warnings
    ).toEqual([])
    expect(
      (await settingsFrom({ 'server-url': 'http://localhost:8080/' })).settings.warnings
    ).toEqual([])
  })
})

describe('readSettings, issue inputs', () => {
  it('leaves issues off by default, and masks the GitHub token anyway', async () => {
    const { settings, masked } = await settingsFrom({ 'github-token': 'ghs_abc' })
    expect(settings.issues).toBeUndefined()
    expect(masked).toEqual([SECRET, 'ghs_abc'])
  })

  it('reads open-issue, labels and assignees', async () => {
    const { settings } = await settingsFrom({
      'open-issue': 'True',
      'github-token': 'ghs_abc',
      'issue-labels': ' tableau-pat , ops,, ',
      'issue-assignees': 'alice, @bob-2'
    })
    expect(settings.issues).toEqual({
      githubToken: 'ghs_abc',
      labels: ['tableau-pat', 'ops'],
      assignees: ['alice', 'bob-2']
    })
    expect(
      (await settingsFrom({ 'open-issue': 'true', 'github-token': 'x' })).settings.issues?.labels
    ).toEqual(['tableau-pat'])
  })

  it.each([
    [{ 'open-issue': 'yes' }, 'open-issue must be true or false, got "yes"'],
    [{ 'open-issue': 'true' }, 'github-token is empty but open-issue is true'],
    [{ 'open-issue': 'true', 'github-token': 'x', 'issue-labels': ' , ' }, 'issue-labels is empty'],
    [
      { 'open-issue': 'true', 'github-token': 'x', 'issue-labels': 'a'.repeat(51) },
      "longer than GitHub's 50 characters"
    ],
    [
      { 'open-issue': 'true', 'github-token': 'x', 'issue-assignees': 'not a login' },
      'is not a GitHub login'
    ]
  ])('rejects %j', async (inputs, expected) => {
    expect(await errorFor(inputs)).toContain(expected)
  })
})

describe('readSettings, a tokens list', () => {
  const list = (yaml: string, extra: Record<string, string> = {}) =>
    settingsFrom({ 'token-name': '', 'token-secret': '', tokens: yaml, ...extra })

  it('reads YAML entries with top-level inputs as defaults, masking each secret', async () => {
    const { settings, masked } = await list(
      `
- name: extract-bot
  secret: ${JSON.stringify(`s1-${SECRET}`)}
- name: publisher
  secret: s2-plain
  server-url: https://10ay.online.tableau.com
  site: finance
  platform: cloud
  warn-days: 60
  fail-days: "10"
`,
      { site: 'ops', 'warn-days': '20', 'fail-days': '5', concurrency: '8' }
    )
    expect(masked).toEqual([`s1-${SECRET}`, 's2-plain'])
    expect(settings.concurrency).toBe(8)
    expect(
      settings.tokens.map(t => [
        t.tokenName,
        t.serverUrl.host,
        t.site,
        t.platform,
        t.warnDays,
        t.failDays
      ])
    ).toEqual([
      ['extract-bot', 'tableau.example.com', 'ops', 'auto', 20, 5],
      ['publisher', '10ay.online.tableau.com', 'finance', 'cloud', 60, 10]
    ])
  })

  it('reads a JSON list, and an empty site overrides the default', async () => {
    const { settings } = await list(JSON.stringify([{ name: 'a', secret: 'x1', site: '' }]), {
      site: 'ops'
    })
    expect(settings.tokens[0]).toMatchObject({ tokenName: 'a', tokenSecret: 'x1', site: '' })
  })

  it.each([
    ['- name: a\n  secret: [unclosed', 'tokens is not a valid YAML or JSON list at line 2'],
    ['name: a\nsecret: b', 'tokens must be a non-empty YAML or JSON list'],
    ['[]', 'tokens must be a non-empty'],
    ['- just-a-string', 'tokens entry 1 must be a mapping with name and secret, not string'],
    ['- name: a\n  secret: b\n- name: c', 'tokens entry 2 ("c"): secret is missing'],
    ['- secret: b', 'tokens entry 1: name is missing'],
    [
      '- name: a\n  secret: 12345',
      'tokens entry 1 ("a"): secret must be text (quote it), not number'
    ],
    [
      '- name: a\n  secret: b\n  secrt: c',
      'tokens entry 1 ("a"): unknown field "secrt"; expected name, secret, server-url'
    ],
    [
      '- name: a\n  secret: b\n  warn-days: soon',
      'tokens entry 1 ("a"): warn-days must be a whole number of days, got "soon"'
    ],
    [
      '- name: a\n  secret: b\n  server-url: ftp://x',
      'tokens entry 1 ("a"): server-url must start with https://'
    ],
    [
      '- name: a\n  secret: b1\n- name: a\n  secret: b2',
      'tokens entry 2 ("a"): the same token as entry 1 (same name, server and site)'
    ]
  ])('rejects %j, naming the entry and field', async (yaml, expected) => {
    expect(
      await errorFor({ 'token-name': '', 'token-secret': '', tokens: yaml }, ['b1', 'b2', '12345'])
    ).toContain(expected)
  })

  it('never quotes the list text in a YAML error', async () => {
    const message = await errorFor({
      'token-name': '',
      'token-secret': '',
      tokens: `- name: a\n  secret: "${SECRET}\n bad: [`
    })
    expect(message).not.toContain('bad')
  })

  it('allows the same name on another site or server', async () => {
    const { settings } = await list(
      '- {name: a, secret: b1, site: x}\n- {name: a, secret: b2, site: y}\n- {name: a, secret: b3, server-url: "https://other.example.com", site: x}'
    )
    expect(settings.tokens).toHaveLength(3)
  })

  it('refuses tokens together with token-name or token-secret', async () => {
    expect(await errorFor({ tokens: '- {name: a, secret: b}' })).toBe(
      'Give either tokens or token-name and token-secret, not both.'
    )
  })
})
