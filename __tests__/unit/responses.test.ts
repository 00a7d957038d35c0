import { readFileSync } from 'node:fs'
import { TableauError, errorForNetwork, errorForResponse } from '../../src/tableau/errors.js'
import type { HttpResponse } from '../../src/tableau/http.js'
import {
  excerptOf,
  parseServerInfo,
  parseSignIn,
  parseTableauError,
  parseTokenList,
  readDocument
} from '../../src/tableau/responses.js'

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
const answer = (body: string, contentType = 'application/xml'): HttpResponse => ({
  status: 200,
  contentType,
  body
})
async function doc(body: string) {
  const parsed = await readDocument(answer(body))
  if (!parsed) throw new Error('not readable')
  return parsed
}

describe('server info', () => {
  it('reads the XML samples, keeping 3.10 as 3.10', async () => {
    expect(parseServerInfo(await doc(fixture('tsc__server_info_get.xml')))).toEqual({
      restApiVersion: '3.10',
      productVersion: '10.1.0'
    })
    expect(parseServerInfo(await doc(fixture('tsc_issue1587__server_info_2023_1_16.xml')))).toEqual(
      {
        restApiVersion: '3.19',
        productVersion: '2023.1.16'
      }
    )
  })

  it('reads JSON', async () => {
    const json =
      '{"serverInfo":{"productVersion":{"value":"2023.1.16","build":"20231.24.0809.0841"},"restApiVersion":"3.19"}}'
    expect(parseServerInfo(await doc(json))).toEqual({
      restApiVersion: '3.19',
      productVersion: '2023.1.16'
    })
  })

  it('rejects a missing or odd version with a protocol error', async () => {
    expect(() => parseServerInfo({ serverInfo: {} })).toThrow(TableauError)
    expect(() => parseServerInfo({ serverInfo: { restApiVersion: 3.19 } })).toThrow(
      /restApiVersion is missing/
    )
    expect(() => parseServerInfo({ serverInfo: { restApiVersion: 'v3' } })).toThrow(
      /restApiVersion is not valid/
    )
  })

  it('reads the 404 sample as a Tableau error', async () => {
    expect(parseTableauError(await doc(fixture('tsc__server_info_404.xml')))).toEqual({
      code: '404003',
      summary: 'Resource Not Found',
      detail: "Unknown resource '/2.4/serverInfo' specified in URI."
    })
  })
})

describe('sign-in', () => {
  it('reads the PAT sign-in sample with its remaining time', async () => {
    expect(parseSignIn(await doc(fixture('community__signin_pat_response_173days.xml')))).toEqual({
      token:
        'pi9TCS-4Ti-_xD0dN-H8ww|4qnj3HwbpVAdAdd7KkdnGGakiwxBnbcS|2ff64d57-b7c1-4e99-803c-13bb81ae0371',
      siteId: '2ff64d57-b7c1-4e99-803c-13bb81ae0371',
      userId: '776f27ef-8997-422b-9348-a28d4f091fa4',
      estimatedTimeToExpiration: '173:21:12'
    })
  })

  it('reads a sign-in without remaining time', async () => {
    expect(parseSignIn(await doc(fixture('tsc__auth_sign_in.xml')))).toMatchObject({
      token: 'eIX6mvFsqyansa4KqEI1UwOpS8ggRs2l',
      estimatedTimeToExpiration: undefined
    })
  })

  it('reads JSON', async () => {
    const json = JSON.stringify({
      credentials: {
        site: { id: 's1', contentUrl: 'x' },
        user: { id: 'u1' },
        token: 'sess|key-1',
        estimatedTimeToExpiration: '3:1:2'
      }
    })
    expect(parseSignIn(await doc(json))).toEqual({
      token: 'sess|key-1',
      siteId: 's1',
      userId: 'u1',
      estimatedTimeToExpiration: '3:1:2'
    })
  })

  it.each([
    [{}, 'credentials.token is missing'],
    [{ credentials: { token: 'session-1' } }, 'credentials.site.id is missing'],
    [{ credentials: { token: 'session-1', site: { id: 's' } } }, 'credentials.user.id is missing'],
    // The session token is masked as it is: a short or blank one would mask ordinary words.
    [
      { credentials: { token: 'a', site: { id: 's' }, user: { id: 'u' } } },
      'credentials.token does not look like a session token'
    ],
    [
      { credentials: { token: 'the token', site: { id: 's' }, user: { id: 'u' } } },
      'credentials.token does not look like a session token'
    ],
    [
      { credentials: { token: 42, site: { id: 's' }, user: { id: 'u' } } },
      'credentials.token is missing'
    ]
  ])('rejects %j', (body, message) => {
    expect(() => parseSignIn(body)).toThrow(message)
  })

  it('reads the sign-in error sample', async () => {
    expect(parseTableauError(await doc(fixture('tsc__auth_sign_in_error.xml')))).toEqual({
      code: '401001',
      summary: 'Signin Error',
      detail: 'Error signing in to Tableau Server'
    })
    expect(parseTableauError(await doc(fixture('kb__error_401000_no_credentials.xml')))?.code).toBe(
      '401000'
    )
    expect(parseTableauError(await doc(fixture('docs__error_404002.xml')))?.code).toBe('404002')
  })
})

describe('token list', () => {
  const expected = [
    {
      tokenName: 'user_pat1',
      expiresAt: '2024-06-12T16:55:46Z',
      lastUsedAt: '2023-06-13T16:55:46Z'
    },
    {
      tokenName: 'user_pat4',
      expiresAt: '2024-06-12T16:55:51Z',
      lastUsedAt: '2023-06-13T16:55:51Z'
    },
    {
      tokenName: 'user_pat5',
      expiresAt: '2024-06-12T16:55:56Z',
      lastUsedAt: '2023-06-13T16:55:56Z'
    }
  ]

  it('reads the documented JSON shape', async () => {
    expect(parseTokenList(await doc(fixture('docs__list_personal_access_tokens.json')))).toEqual(
      expected
    )
  })

  it('reads the XML sample', async () => {
    expect(parseTokenList(await doc(fixture('docs__list_personal_access_tokens.xml')))).toEqual(
      expected
    )
  })

  it('reads the nested JSON shape and the one-element bare object', () => {
    const list = JSON.parse(fixture('docs__list_personal_access_tokens.json')).personalAccessTokens
    expect(parseTokenList({ personalAccessTokens: { personalAccessToken: list } })).toEqual(
      expected
    )
    expect(parseTokenList({ personalAccessTokens: { personalAccessToken: list[0] } })).toEqual([
      expected[0]
    ])
  })

  it('reads empty lists in every shape', async () => {
    expect(parseTokenList({})).toEqual([])
    expect(parseTokenList({ personalAccessTokens: [] })).toEqual([])
    expect(parseTokenList({ personalAccessTokens: {} })).toEqual([])
    expect(parseTokenList(await doc('<tsResponse><personalAccessTokens/></tsResponse>'))).toEqual(
      []
    )
  })

  it('skips entries without a name and rejects a list of the wrong type', () => {
    expect(
      parseTokenList({ personalAccessTokens: [{ expiresAt: 'x' }, 7, { tokenName: 'a' }] })
    ).toEqual([{ tokenName: 'a', expiresAt: undefined, lastUsedAt: undefined }])
    expect(() => parseTokenList({ personalAccessTokens: 'lots' })).toThrow(TableauError)
  })
})

describe('unreadable bodies', () => {
  it.each([
    ['<!DOCTYPE html><html><body>Sign in with SSO</body></html>'],
    ['<html><body>Proxy error</body></html>'],
    ['{"credentials": '],
    [''],
    ['Service Unavailable'],
    ['<tsResponse><unclosed></tsResponse>'],
    // Found by the property test: passes fast-xml-parser's validator, then makes its parser throw.
    ['<tsResponse><error code=""><summary><!\'</summary></error></tsResponse>']
  ])('%p is not a document', async body => {
    expect(await readDocument(answer(body, 'text/html'))).toBeUndefined()
  })

  it('quotes a short, tag-free, single-line excerpt', () => {
    const page = `<html><head><style>body{}</style><script>var secret=1</script></head><body>\n<h1>Sign in</h1>\u0007 to continue ${'x'.repeat(300)}</body></html>`
    const excerpt = excerptOf(page)
    expect(excerpt).toMatch(/^Sign in to continue x+\.\.\.$/)
    expect(excerpt.length).toBeLessThanOrEqual(123)
  })
})

describe('error messages', () => {
  it('lists every known cause of a rejected sign-in', () => {
    const error = errorForResponse(
      'sign-in',
      401,
      { code: '401001', summary: 'Signin Error', detail: 'Error signing in to Tableau Server' },
      ''
    )
    expect(error).toMatchObject({ kind: 'rejected', httpStatus: 401, tableauCode: '401001' })
    for (const cause of [
      'name or secret is wrong',
      'revoked',
      'expired',
      'site content URL',
      'not a user of that site',
      'Tableau Cloud Manager'
    ]) {
      expect(error.message).toContain(cause)
    }
    expect(error.message).toContain('update the secret passed as token-secret')
  })

  it('explains 401002 after sign-in as the one-session-per-PAT rule', () => {
    const error = errorForResponse('token list', 401, { code: '401002' }, '')
    expect(error.kind).toBe('http')
    expect(error.message).toContain('one session per PAT')
  })

  it('quotes an excerpt when the body is not a Tableau error', () => {
    expect(errorForResponse('server info', 503, undefined, 'Service Unavailable').message).toBe(
      'server info failed (HTTP 503, answer began: "Service Unavailable"). Tableau had a server-side fault: try again later; if it persists, ask the Tableau administrator.'
    )
  })

  it('names network and certificate problems', () => {
    expect(
      errorForNetwork(
        'sign-in',
        'https://x',
        Object.assign(new Error('x'), { code: 'ECONNREFUSED' })
      ).message
    ).toContain('connection was refused')
    const tls = errorForNetwork(
      'sign-in',
      'https://x',
      Object.assign(new Error('x'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' })
    )
    expect(tls.message).toContain('private) certificate authority')
    expect(tls.message).toContain('NODE_EXTRA_CA_CERTS')
  })
})
