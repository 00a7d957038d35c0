/**
 * Bad networks and hostile servers: every fault ends in the right status, in bounded time, with a
 * sign-out whenever the sign-in succeeded and no secret in sight. Network faults go through the
 * bundle (a hang is a process's, killed past its bound); server answers run in this process.
 */
import { createServer } from 'node:net'
import {
  FakeTableauServer,
  inDays,
  type FakeTableauOptions,
  type FakeToken
} from '../fakes/tableau-server.js'
import { runAction, visibleText, type ActionRun } from '../fakes/run-action.js'
import { launch, throughTheBundle } from '../fakes/run-in-process.js'
import { leakedSecrets, testSecret } from '../fakes/secrets.js'

const SECRET = testSecret()
const TOKEN: FakeToken = { name: 'bot', secret: SECRET, site: 'finance', expiresAt: inDays(100) }
const servers: FakeTableauServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.stop()))
})

interface Expected {
  status: string
  /** Wall time the run must stay under, in ms. */
  withinMs: number
  message?: string | RegExp
  signInAttempts?: number
}

async function expectRun(
  options: Partial<FakeTableauOptions>,
  inputs: Record<string, string>,
  expected: Expected
): Promise<{ run: ActionRun; server: FakeTableauServer }> {
  const server = new FakeTableauServer({ tokens: [TOKEN], ...options })
  servers.push(server)
  await server.start()
  const run = await launch({
    inputs: {
      'server-url': server.url,
      site: 'finance',
      'token-name': 'bot',
      'token-secret': SECRET,
      ...inputs
    },
    killAfterMs: expected.withinMs + 10_000
  })
  expect(run.outputs['status']).toBe(expected.status)
  expect(run.exitCode).toBe(['ok', 'warning'].includes(expected.status) ? 0 : 1)
  expect(run.wallMs).toBeLessThan(expected.withinMs)
  if (run.outputs['refreshed'] === 'true')
    expect(server.requestsTo('/auth/signout').length).toBeGreaterThanOrEqual(1)
  if (expected.signInAttempts !== undefined)
    expect(server.requestsTo('/auth/signin')).toHaveLength(expected.signInAttempts)
  if (expected.message) {
    const text = run.commands
      .filter(c => c.command === 'error' || c.command === 'warning')
      .map(c => c.message)
      .join('\n')
    expect(text).toMatch(expected.message)
  }
  expect(leakedSecrets(visibleText(run), [SECRET, ...server.issuedSessionTokens])).toEqual([])
  expect(run.stderr).not.toMatch(/\n\s+at /)
  return { run, server }
}

describe('network faults', () => {
  throughTheBundle()
  it('connection refused: retried, then error, within (retries + 1) x timeout', async () => {
    const port = await closedPort()
    const started = Date.now()
    const run = await runAction({
      inputs: {
        'server-url': `http://127.0.0.1:${port}`,
        'token-name': 'bot',
        'token-secret': SECRET,
        retries: '2',
        'timeout-seconds': '2'
      }
    })
    expect(run.outputs['status']).toBe('error')
    expect(run.exitCode).toBe(1)
    expect(Date.now() - started).toBeLessThan(3 * 2000 + 1500)
    expect(run.commands.find(c => c.command === 'error')?.message).toContain(
      'sign-in failed after 3 attempts: could not reach'
    )
    expect(leakedSecrets(visibleText(run), [SECRET])).toEqual([])
  })

  it('reset in the middle of the body: retried, then error', async () => {
    await expectRun(
      { faults: { signIn: { kind: 'reset' } } },
      { retries: '1' },
      {
        status: 'error',
        withinMs: 5000,
        message:
          /sign-in failed after 2 attempts: could not reach .*(reset|closed before the answer was complete)/,
        signInAttempts: 2
      }
    )
  })

  it('a reset once, then success: ok', async () => {
    await expectRun(
      { faults: { signIn: { kind: 'reset', times: 1 } } },
      {},
      { status: 'ok', withinMs: 5000, signInAttempts: 2 }
    )
  })

  it('hang (no bytes): error after the timeout, each attempt bounded', async () => {
    await expectRun(
      { faults: { signIn: { kind: 'hang' } } },
      { 'timeout-seconds': '1', retries: '1' },
      {
        status: 'error',
        withinMs: 2 * 1000 + 1500,
        message: 'no complete answer within the timeout (timeout-seconds: 1)',
        signInAttempts: 2
      }
    )
  })

  it('trickle (a byte every 100 ms): the timeout bounds the whole answer', async () => {
    await expectRun(
      { faults: { signIn: { kind: 'trickle', everyMs: 100 } } },
      { 'timeout-seconds': '1', retries: '0' },
      {
        status: 'error',
        withinMs: 1000 + 1500,
        message: 'no complete answer within the timeout (timeout-seconds: 1)',
        signInAttempts: 1
      }
    )
  })
})

describe('server faults', () => {
  it('500 once, then success: retried, ok', async () => {
    await expectRun(
      { faults: { signIn: { kind: 'status', status: 500, body: 'oops', times: 1 } } },
      {},
      {
        status: 'ok',
        withinMs: 5000,
        signInAttempts: 2
      }
    )
  })

  it('503 HTML page every time: error with status, content type and a short excerpt', async () => {
    const page = `<html><head><title>503</title></head><body><h1>Service Unavailable</h1>${'<p>maintenance</p>'.repeat(200)}</body></html>`
    const { run } = await expectRun(
      { faults: { signIn: { kind: 'status', status: 503, body: page } } },
      { retries: '1' },
      {
        status: 'error',
        withinMs: 5000,
        message:
          /sign-in failed after 2 attempts \(HTTP 503, text\/html, answer began: "503 Service Unavailable maintenance/,
        signInAttempts: 2
      }
    )
    expect(run.commands.find(c => c.command === 'error')!.message.length).toBeLessThan(700)
  })

  it('429 with Retry-After: 1, then success: waits a second, ok', async () => {
    const { run } = await expectRun(
      {
        faults: {
          signIn: { kind: 'status', status: 429, headers: { 'Retry-After': '1' }, times: 1 }
        }
      },
      {},
      { status: 'ok', withinMs: 5000, signInAttempts: 2 }
    )
    expect(run.wallMs).toBeGreaterThanOrEqual(1000)
  })

  it('429 forever: gives up after the retries, error', async () => {
    await expectRun(
      {
        faults: {
          signIn: {
            kind: 'status',
            status: 429,
            headers: { 'Retry-After': '1' },
            body: 'slow down'
          }
        }
      },
      { retries: '2' },
      {
        status: 'error',
        withinMs: 6000,
        message: /sign-in failed after 3 attempts \(HTTP 429.*throttling/,
        signInAttempts: 3
      }
    )
  })

  it('401 on sign-in: invalid after exactly one attempt, whatever retries says', async () => {
    await expectRun(
      { tokens: [{ ...TOKEN, secret: 'another' }] },
      { retries: '5' },
      {
        status: 'invalid',
        withinMs: 3000,
        message: 'Tableau error 401001',
        signInAttempts: 1
      }
    )
  })
})

describe('answers that are not what Tableau sends', () => {
  const signIn200 = (
    body: string,
    contentType = 'application/json'
  ): Partial<FakeTableauOptions> => ({
    faults: { signIn: { kind: 'status', status: 200, body, contentType } }
  })

  it.each([
    [
      'an SSO login page',
      signIn200('<!DOCTYPE html><html><body>Sign in with Okta</body></html>', 'text/html'),
      'HTTP 200 (text/html) was not a Tableau REST API answer; it began: "Sign in with Okta"'
    ],
    [
      'malformed JSON',
      signIn200('{"credentials": {"token": '),
      'was not a Tableau REST API answer'
    ],
    [
      'JSON without the token',
      signIn200('{"credentials": {"site": {"id": "s"}, "user": {"id": "u"}}}'),
      'credentials.token is missing'
    ],
    [
      'JSON with a numeric token',
      signIn200('{"credentials": {"token": 42, "site": {"id": "s"}, "user": {"id": "u"}}}'),
      'credentials.token is missing'
    ],
    [
      'an empty body',
      signIn200(''),
      'HTTP 200 (application/json) was not a Tableau REST API answer (empty body)'
    ],
    ['an oversized body', signIn200(`{"x": "${'a'.repeat(2 * 1024 * 1024)}"}`), 'larger than 1 MiB']
  ])('%s on sign-in: error', async (_, options, message) => {
    await expectRun(
      options,
      { retries: '0' },
      { status: 'error', withinMs: 4000, message, signInAttempts: 1 }
    )
  })

  it('a token list without our token: ok, expiry unknown, with a warning', async () => {
    await expectRun(
      { platform: 'cloud', tokens: [{ ...TOKEN, expiresAt: undefined }] },
      { platform: 'cloud' },
      {
        status: 'ok',
        withinMs: 4000,
        message: 'the token list of this user has no token named "bot"'
      }
    )
  })

  it('a garbage expiresAt in the token list: ok, expiry unknown, with a warning', async () => {
    const { run } = await expectRun(
      {
        platform: 'cloud',
        tokens: [{ ...TOKEN, expiresAt: undefined, rawListedExpiresAt: 'next Tuesday' }]
      },
      { platform: 'cloud' },
      {
        status: 'ok',
        withinMs: 4000,
        message:
          'gives "next Tuesday" as the expiresAt of "bot", which is not an existing date and time'
      }
    )
    expect(run.outputs['days-until-expiry']).toBe('')
  })

  it('a garbage estimatedTimeToExpiration: ignored with a warning, the token list answers instead', async () => {
    const { run } = await expectRun(
      { platform: 'cloud', tokens: [{ ...TOKEN, rawTimeToExpiration: '-5:xx' }] },
      { platform: 'cloud' },
      {
        status: 'ok',
        withinMs: 4000,
        message:
          'remaining time (estimatedTimeToExpiration) as "-5:xx", which is not days:hours:minutes'
      }
    )
    expect(run.outputs).toMatchObject({ 'expiry-source': 'token-list', 'days-until-expiry': '100' })
  })

  it('a redirect loop: error after 3 hops', async () => {
    const server = new FakeTableauServer({ tokens: [TOKEN] })
    servers.push(server)
    await server.start()
    server.options.faults = {
      signIn: { kind: 'redirect', status: 307, location: `${server.url}/api/3.6/auth/signin` }
    }
    const run = await launch({
      inputs: {
        'server-url': server.url,
        'token-name': 'bot',
        'token-secret': SECRET,
        site: 'finance'
      }
    })
    expect(run.outputs['status']).toBe('error')
    expect(run.commands.find(c => c.command === 'error')?.message).toContain(
      'redirected more than 3 times'
    )
    expect(server.requestsTo('/auth/signin')).toHaveLength(4)
  })
})

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise(resolve => probe.close(resolve))
  return port
}
