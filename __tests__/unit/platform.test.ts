import { detectPlatform, resolvePlatform } from '../../src/tableau/platform.js'
import { mayFollow, redirectTarget } from '../../src/tableau/client.js'
import { nextHop } from '../../src/tableau/redirects.js'

describe('detectPlatform', () => {
  it.each([
    'online.tableau.com',
    '10ay.online.tableau.com',
    'prod-useast-a.online.tableau.com',
    'us-west-2b.online.tableau.com',
    'dub01.online.tableau.com',
    'PROD-CA-A.ONLINE.TABLEAU.COM',
    'prod-apnortheast-a.online.tableau.com.'
  ])('%s is Tableau Cloud', host => {
    expect(detectPlatform(host)).toBe('cloud')
  })

  it.each([
    'tableau.example.com',
    'online.tableau.com.evil.example',
    'notonline.tableau.com',
    'online-tableau.com',
    'xonline.tableau.com',
    '127.0.0.1',
    'tableau.com'
  ])('%s is Tableau Server', host => {
    expect(detectPlatform(host)).toBe('server')
  })

  it.each([
    'cloudmanager.tableau.com',
    'acme.cloudmanager.tableau.com',
    'ACME.CloudManager.Tableau.com.'
  ])('%s is Tableau Cloud Manager', host => {
    expect(detectPlatform(host)).toBe('cloud-manager')
  })

  it.each([
    'cloudmanager.tableau.com.evil.example',
    'xcloudmanager.tableau.com',
    'cloudmanager-tableau.com'
  ])('%s is not Tableau Cloud Manager', host => {
    expect(detectPlatform(host)).toBe('server')
  })

  it('lets the input override detection', () => {
    expect(resolvePlatform('server', '10ay.online.tableau.com')).toBe('server')
    expect(resolvePlatform('cloud', 'tableau.example.com')).toBe('cloud')
    expect(resolvePlatform('auto', '10ay.online.tableau.com')).toBe('cloud')
    expect(resolvePlatform('cloud-manager', '127.0.0.1')).toBe('cloud-manager')
    expect(resolvePlatform('server', 'acme.cloudmanager.tableau.com')).toBe('server')
  })
})

describe('mayFollow (redirect policy)', () => {
  it.each([
    ['https://online.tableau.com', 'https://10ay.online.tableau.com', true],
    ['https://10ay.online.tableau.com', 'https://10az.online.tableau.com', true],
    ['https://tableau.example.com', 'https://tableau.example.com', true],
    ['http://127.0.0.1:8000', 'http://127.0.0.1:8000', true],
    ['https://online.tableau.com', 'https://online.tableau.com.evil.example', false],
    ['https://tableau.example.com', 'https://evil.example.com', false],
    ['http://tableau.example.com', 'http://evil.example.com', false],
    ['https://tableau.co.uk', 'https://attacker.co.uk', false],
    ['https://tableau.example.com', 'https://tableau.example.com:8443', false],
    ['http://127.0.0.1:8000', 'http://127.0.0.1:8001', false],
    ['https://online.tableau.com', 'https://10ay.online.tableau.com:8443', false],
    ['http://online.tableau.com', 'http://10ay.online.tableau.com', false],
    ['https://tableau.example.com', 'https://10ay.online.tableau.com', false],
    ['https://127.0.0.1', 'https://127.0.0.2', false]
  ])('%s -> %s: %p', (from, to, allowed) => {
    expect(mayFollow(new URL(from), new URL(to))).toBe(allowed)
  })
})

describe('redirectTarget', () => {
  const signIn = new URL('https://online.tableau.com/api/3.6/auth/signin')

  it('follows the pod redirect, resolving relative locations', () => {
    expect(
      redirectTarget('sign-in', signIn, 'https://10ay.online.tableau.com/api/3.6/auth/signin', 0)
        .href
    ).toBe('https://10ay.online.tableau.com/api/3.6/auth/signin')
    const pod = new URL('https://10ay.online.tableau.com/api/3.6/auth/signin')
    expect(redirectTarget('sign-in', pod, '/api/3.6/auth/signin', 2).origin).toBe(
      'https://10ay.online.tableau.com'
    )
  })

  it.each([
    ['http://10ay.online.tableau.com/api/3.6/auth/signin', 0, 'which drops https'],
    ['https://online.tableau.com.evil.example/api/3.6/auth/signin', 0, 'another origin'],
    ['file:///etc/passwd', 0, 'redirected to a file: address'],
    ['https://10ay.online.tableau.com/login', 0, 'not the same REST API call'],
    ['https://10ay.online.tableau.com/api/3.6/auth/signin', 3, 'redirected more than 3 times'],
    ['https://[bad', 0, 'an unreadable address']
  ])('refuses %s (hop %p)', (location, hop, reason) => {
    expect(() => redirectTarget('sign-in', signIn, location, hop)).toThrow(reason)
  })
})

describe('nextHop (the one redirect rule of the client and the heartbeat)', () => {
  const from = new URL('https://hc-ping.example/ping/key')
  const sameOrigin = (a: URL, b: URL) => a.origin === b.origin
  it.each([
    ['/ping/other', 0, { to: new URL('https://hc-ping.example/ping/other') }],
    [
      'https://elsewhere.example/x',
      0,
      { refused: 'redirected to https://elsewhere.example, another origin' }
    ],
    [
      'http://hc-ping.example/x',
      0,
      { refused: 'redirected to http://hc-ping.example, which drops https' }
    ],
    ['file:///etc/passwd', 0, { refused: 'redirected to a file: address' }],
    ['/ping/x', 3, { refused: 'redirected more than 3 times', tooMany: true }],
    ['http://[bad', 0, { refused: 'redirected to an unreadable address "http://[bad"' }]
  ])('%p at hop %p', (location, hop, expected) => {
    expect(nextHop(from, location, hop, sameOrigin)).toEqual(expected)
  })
})
