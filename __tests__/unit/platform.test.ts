import { detectPlatform, resolvePlatform } from '../../src/tableau/platform.js'
import { sameDomain } from '../../src/tableau/client.js'

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

  it('lets the input override detection', () => {
    expect(resolvePlatform('server', '10ay.online.tableau.com')).toBe('server')
    expect(resolvePlatform('cloud', 'tableau.example.com')).toBe('cloud')
    expect(resolvePlatform('auto', '10ay.online.tableau.com')).toBe('cloud')
  })
})

describe('sameDomain (redirect policy)', () => {
  it.each([
    ['online.tableau.com', '10ay.online.tableau.com', true],
    ['10ay.online.tableau.com', '10az.online.tableau.com', true],
    ['tableau.example.com', 'tableau.example.com', true],
    ['127.0.0.1', '127.0.0.1', true],
    ['online.tableau.com', 'online.tableau.com.evil.example', false],
    ['tableau.example.com', 'evil.example.org', false],
    ['example.com', 'evil.com', false],
    ['127.0.0.1', '127.0.0.2', false]
  ])('%s -> %s: %p', (from, to, allowed) => {
    expect(sameDomain(from, to)).toBe(allowed)
  })
})
