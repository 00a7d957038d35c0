/**
 * Property tests of the action (and the CLI), against servers that say
 * anything: whatever Tableau answers and whatever the inputs hold, the runner sees only the
 * commands the action meant (#14), and no output anywhere holds 8 or more consecutive characters
 * of the secret, in any form it travels in (#15).
 *
 * The cases call the action's run() and the CLI's cli() in this process, which costs milliseconds
 * where a child process costs about 0.3 s of CPU; the bundle itself is checked for the same
 * leaks and commands by action.test.ts, injection.test.ts and cli.test.ts.
 * PROPERTY_RUNS=2000 npm test searches harder (a tenth of it here).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmFromMarkdown } from 'mdast-util-gfm'
import { gfm } from 'micromark-extension-gfm'
import { FakeGitHub } from '../fakes/github-server.js'
import { FakeTableauServer, type Fault, type FakeToken } from '../fakes/tableau-server.js'
import { unintendedCommands, visibleText } from '../fakes/run-action.js'
import { cliInProcess, runInProcess } from '../fakes/run-in-process.js'

const CASES = Math.max(40, Math.floor(Number(process.env['PROPERTY_RUNS'] ?? 0) / 10))
const RUNS = { numRuns: CASES, endOnFailure: true }
const GITHUB_TOKEN = 'ghs_propertytesttoken0123456789'

const TIMEOUT_MS = CASES * 1000 + 20_000

let github: FakeGitHub
beforeAll(async () => {
  github = new FakeGitHub()
  await github.start()
})
afterAll(() => github.stop())

const githubEnv = (): Record<string, string> => ({
  GITHUB_API_URL: github.url,
  GITHUB_REPOSITORY: github.repository
})

/** Text with every way to break a line, and commands and mentions waiting behind them. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 12, unit: 'binary' }),
      fc.constantFrom(
        '\n',
        '\r',
        '\r\n',
        '\u2028',
        '\u2029',
        '\u0085',
        '::error::X',
        ' ::warning title=T::W',
        '::add-mask::word',
        '::stop-commands::tok',
        '##[add-mask]word',
        '\u001b]0;title\u0007',
        '@octocat',
        '%0A::error::Y'
      )
    ),
    { maxLength: 8 }
  )
  // An environment variable (how the runner passes inputs) cannot hold NUL.
  .map(parts => parts.join('').replace(/\0/g, ''))

/** A Tableau that answers each call with the given fields, whatever they hold. */
async function scriptedTableau(fields: {
  reject: boolean
  code: string
  summary: string
  detail: string
  version: string
  siteUrl: string
  estimate: string
  listedName: string
  listedDate: string
  listedUse: string
  ownDate: string
}): Promise<{ url: string; stop: () => Promise<void> }> {
  const json = (status: number, body: unknown): [number, string] => [status, JSON.stringify(body)]
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const path = req.url ?? ''
      const [status, body] = path.endsWith('/serverinfo')
        ? json(200, {
            serverInfo: { restApiVersion: fields.version, productVersion: fields.version }
          })
        : path.endsWith('/auth/signin')
          ? fields.reject
            ? json(401, {
                error: { code: fields.code, summary: fields.summary, detail: fields.detail }
              })
            : json(200, {
                credentials: {
                  token: 'session-token-0123456789',
                  site: { id: 'site-1', contentUrl: fields.siteUrl },
                  user: { id: 'user-1' },
                  estimatedTimeToExpiration: fields.estimate
                }
              })
          : path.endsWith('/personal-access-tokens')
            ? json(200, {
                personalAccessTokens: [
                  {
                    tokenName: fields.listedName,
                    expiresAt: fields.listedDate,
                    lastUsedAt: fields.listedUse
                  },
                  { tokenName: 'bot', expiresAt: fields.ownDate }
                ]
              })
            : path.endsWith('/auth/signout')
              ? [204, '']
              : json(404, {
                  error: { code: '404000', summary: fields.summary, detail: fields.detail }
                })
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(body)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** The top-level node types GitHub's Markdown (CommonMark + GFM) makes of a text. */
function renderedBlocks(markdown: string): string[] {
  return fromMarkdown(markdown, {
    extensions: [gfm()],
    mdastExtensions: [gfmFromMarkdown()]
  }).children.map(node => node.type)
}

describe('the runner sees only the commands the action meant', () => {
  it(
    'for any inputs and any Tableau answer',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            reject: fc.boolean(),
            code: hostileText,
            summary: hostileText,
            detail: hostileText,
            version: fc.oneof(fc.constant('3.24'), hostileText),
            siteUrl: hostileText,
            estimate: fc.oneof(fc.constant('20:1:2'), hostileText),
            listedName: hostileText,
            listedDate: hostileText,
            listedUse: fc.oneof(fc.constant('2026-11-20T00:00:00Z'), hostileText),
            ownDate: fc.oneof(fc.constant('2030-01-01T00:00:00Z'), hostileText)
          }),
          fc.record({
            'token-name': fc.oneof(fc.constant('bot'), hostileText),
            site: fc.oneof(fc.constant('finance'), hostileText),
            'issue-labels': fc.oneof(fc.constant('tableau-pat'), hostileText),
            'warn-days': fc.oneof(fc.constant('30'), hostileText),
            // Watched tokens print the list's names and dates: in annotations, summary, issues.
            'watch-owner-tokens': fc.oneof(fc.constantFrom('true', 'false'), hostileText)
          }),
          async (fields, inputs) => {
            const tableau = await scriptedTableau(fields)
            try {
              const run = await runInProcess({
                inputs: {
                  'server-url': tableau.url,
                  platform: 'cloud',
                  'token-secret': 'property-secret-0123456789',
                  'open-issue': 'true',
                  'github-token': GITHUB_TOKEN,
                  retries: '0',
                  ...inputs
                },
                env: githubEnv()
              })
              const secrets = [
                'property-secret-0123456789',
                'session-token-0123456789',
                GITHUB_TOKEN
              ]
              expect(unintendedCommands(run, secrets)).toEqual([])
              expect(run.stderr).not.toMatch(/\n\s+at /)
              // What GitHub renders of the summary: one HTML block, whatever the names were.
              if (run.summary) expect(renderedBlocks(run.summary)).toEqual(['html'])
            } finally {
              await tableau.stop()
            }
          }
        ),
        RUNS
      )
    },
    TIMEOUT_MS
  )
})

/** Characters of every class a secret may hold; a secret is a random draw from all of them. */
const SECRET_CHARS = [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  ...'"\'<>&%+=/:;,.!?*\\`|#@$^~()[]{}-_',
  ...['ü', 'ï', '✓', '東', '京', 'ß', '😀', 'é'],
  ...[' ', '\n', '\r\n', '\t']
]
const secrets = fc
  .noBias(
    fc.array(fc.constantFrom(...SECRET_CHARS), {
      minLength: 8,
      maxLength: 600
    })
  )
  .chain(chars =>
    // Now and then a long one, up to 4096 characters.
    fc.boolean().map(long => (long ? chars.join('').repeat(7).slice(0, 4096) : chars.join('')))
  )
  .map(secret => secret.trim())
  // A secret this short or this repetitive could be ordinary text; real ones are neither.
  .filter(secret => secret.length >= 8 && windows(secret).every(w => new Set(w).size >= 5))

function windows(text: string, length = 8): string[] {
  return Array.from({ length: Math.max(0, text.length - length + 1) }, (_, i) =>
    text.slice(i, i + length)
  )
}

/**
 * The text as a reader would decode it: as is, with backslash escapes undone (JSON, and the
 * sanitiser's \n and \u2028), with HTML entities undone, and both, twice over for JSON in JSON.
 * A leak is then counted in characters of the secret, not of some encoding of it.
 */
function decodings(text: string): string[] {
  const backslash = (t: string): string =>
    t.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, escape: string) =>
      escape.length === 5
        ? String.fromCharCode(parseInt(escape.slice(1), 16))
        : (({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[escape] ??
          escape)
    )
  const html = (t: string): string =>
    t
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
      .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
      .replace(
        /&(amp|lt|gt|quot|apos);/g,
        (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name as 'amp']
      )
  return [text, backslash(text), html(text), backslash(html(text)), backslash(backslash(text))]
}

/** The first run of 8 characters of the secret found in any decoding of the text. */
function fragmentIn(text: string, secret: string): string | undefined {
  const collapsed = secret.replace(/\s+/g, ' ')
  const pieces = new Set([...windows(secret), ...windows(collapsed)])
  for (const decoded of decodings(text)) {
    const found = windows(decoded).find(window => pieces.has(window))
    if (found) return found
  }
  return undefined
}

type Echo = (secret: string) => { token: Partial<FakeToken>; cloudList?: boolean }

const xmlEscape = (text: string): string =>
  text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`)
const reflect = (status: number, contentType: string, render: (body: string) => string): Fault => ({
  kind: 'echo',
  status,
  contentType,
  render
})

/** Servers that send the secret back: whole, cut, re-encoded, split across lines. */
const ECHOES: Record<string, Echo> = {
  'the request in a Tableau JSON error': () => ({
    token: {
      signInFault: reflect(400, 'application/json', body =>
        JSON.stringify({ error: { code: '400000', summary: 'Bad Request', detail: body } })
      )
    }
  }),
  'the request in an HTML page': () => ({
    token: {
      signInFault: reflect(400, 'text/html', body => `<html><body><pre>${body}</pre></body></html>`)
    }
  }),
  'the request in a non-Tableau JSON 400': () => ({
    token: {
      signInFault: reflect(400, 'application/json', body => JSON.stringify({ message: body }))
    }
  }),
  'the secret as XML entities': secret => ({
    token: {
      signInFault: reflect(
        401,
        'application/xml',
        () =>
          `<tsResponse><error code="401001"><summary>No</summary><detail>${xmlEscape(secret)}</detail></error></tsResponse>`
      )
    }
  }),
  'the secret URL-encoded': secret => ({
    token: {
      signInFault: reflect(400, 'text/plain', () => `credentials=${encodeURIComponent(secret)}`)
    }
  }),
  'the secret split across lines': secret => ({
    token: {
      signInFault: reflect(400, 'text/plain', () => secret.replace(/(.{13})/gsu, '$1\n'))
    }
  }),
  'the secret cut to 30 characters': secret => ({
    token: {
      signInFault: reflect(401, 'application/json', () =>
        JSON.stringify({
          error: { code: '401001', summary: 'x', detail: `${secret.slice(0, 30)}...` }
        })
      )
    }
  }),
  estimatedTimeToExpiration: secret => ({ token: { rawTimeToExpiration: secret.slice(0, 40) } }),
  "the token list's expiresAt": secret => ({
    token: { reportOnSignIn: false, rawListedExpiresAt: secret.slice(3, 43) },
    cloudList: true
  })
}

describe('no piece of the secret in any output', () => {
  it(
    'whatever the server echoes, in stdout, stderr, outputs, summary, GitHub bodies and the CLI',
    async () => {
      await fc.assert(
        fc.asyncProperty(secrets, fc.constantFrom(...Object.keys(ECHOES)), async (secret, mode) => {
          const echo = ECHOES[mode]!(secret)
          const tableau = new FakeTableauServer({
            platform: 'cloud',
            tokens: [{ name: 'bot', secret, site: 'finance', ...echo.token }]
          })
          await tableau.start()
          github.calls.length = 0
          try {
            const run = await runInProcess({
              inputs: {
                'server-url': tableau.url,
                platform: 'cloud',
                site: 'finance',
                'token-name': 'bot',
                'token-secret': secret,
                'open-issue': 'true',
                'github-token': GITHUB_TOKEN,
                retries: '0'
              },
              env: githubEnv()
            })
            const cli = await cliInProcess(
              [tableau.url, 'finance', 'bot', '--platform', 'cloud', '--retries', '0', '--verbose'],
              {
                env: { TABLEAU_TOKEN_SECRET: secret }
              }
            )
            const cliJson = await cliInProcess(
              [tableau.url, 'finance', 'bot', '--platform', 'cloud', '--retries', '0', '--json'],
              {
                env: { TABLEAU_TOKEN_SECRET: secret }
              }
            )
            // The echo really happened: the server did send the secret back.
            expect(tableau.requestsTo('/auth/signin').length).toBeGreaterThan(0)
            const everything = {
              action: visibleText(run),
              github: github.calls.map(call => `${call.path}\n${call.body}`).join('\n'),
              cli: cli.stdout + cli.stderr,
              cliJson: cliJson.stdout + cliJson.stderr
            }
            for (const [where, text] of Object.entries(everything))
              expect({ mode, where, leaked: fragmentIn(text, secret) }).toEqual({
                mode,
                where,
                leaked: undefined
              })
          } finally {
            await tableau.stop()
          }
        }),
        RUNS
      )
    },
    TIMEOUT_MS
  )
})
