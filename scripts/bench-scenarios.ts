/**
 * What `npm run bench` runs: each scenario's tokens, inputs and latencies, the round trips no
 * keepalive can avoid in it, and the runner's variables of a scheduled job. The measuring is in
 * bench.ts.
 */
import { inDays, type FakeToken } from '../__tests__/fakes/tableau-server.js'
import type { FakeGitHub } from '../__tests__/fakes/github-server.js'

export interface Scenario {
  name: string
  tokens: FakeToken[]
  platform: 'server' | 'cloud'
  inputs: (url: string) => Record<string, string>
  latencies: number[]
  /** Another bundle to run instead of the action. */
  entry?: string
  env?: (url: string) => Record<string, string>
  /** Where the workflow file is read: the contents API (the default), a checkout, or not at all. */
  workflow?: 'contents-api' | 'checkout' | 'unchecked'
  /** Round trips no keepalive can avoid: sign-in + sign-out, + the token list when sign-in says nothing. */
  unavoidableRoundTrips: number
  needsInput?: string
}

const SINGLE_LATENCIES = [25, 100]
const MANY_LATENCY = 50
export const MANY = 50

export function scenarios(minimalEntry: string): Scenario[] {
  const secret = 'bench-secret'
  const many = Array.from({ length: MANY }, (_, i) => ({
    name: `bot-${i}`,
    secret: `${secret}-${i}`,
    site: 'finance',
    expiresAt: inDays(60 + i)
  }))
  const list = JSON.stringify(many.map(token => ({ name: token.name, secret: token.secret })))
  const cloudOne = (url: string) => ({
    'server-url': url,
    platform: 'cloud',
    site: 'finance',
    'token-name': 'bot',
    'token-secret': secret
  })
  const manyAt = (concurrency: number): Scenario => ({
    name: `Cloud, ${MANY} tokens, concurrency ${concurrency}`,
    platform: 'cloud',
    tokens: many,
    latencies: [MANY_LATENCY],
    inputs: url => ({
      'server-url': url,
      platform: 'cloud',
      site: 'finance',
      tokens: list,
      concurrency: String(concurrency)
    }),
    unavoidableRoundTrips: 2 * Math.ceil(MANY / concurrency),
    needsInput: 'tokens'
  })
  const serverOne = (name: string, workflow?: Scenario['workflow']): Scenario => ({
    name,
    platform: 'server',
    tokens: [{ name: 'bot', secret, site: '', expiresAt: inDays(200) }],
    latencies: SINGLE_LATENCIES,
    inputs: url => ({ 'server-url': url, 'token-name': 'bot', 'token-secret': secret }),
    ...(workflow ? { workflow } : {}),
    unavoidableRoundTrips: 2
  })
  return [
    serverOne('Server, 1 token'),
    serverOne('Server, 1 token, workflow checked out', 'checkout'),
    serverOne('Server, 1 token, check-schedule: false', 'unchecked'),
    {
      name: 'reference: core + the same 3 requests in raw node:http',
      platform: 'server',
      tokens: [{ name: 'bot', secret, site: '', expiresAt: inDays(200) }],
      latencies: SINGLE_LATENCIES,
      inputs: () => ({}),
      entry: minimalEntry,
      env: url => ({ BASE: url, SECRET: secret }),
      unavoidableRoundTrips: 2
    },
    {
      name: 'Cloud, 1 token (expiry from sign-in)',
      platform: 'cloud',
      tokens: [{ name: 'bot', secret, site: 'finance', expiresAt: inDays(90) }],
      latencies: SINGLE_LATENCIES,
      inputs: cloudOne,
      unavoidableRoundTrips: 2
    },
    {
      name: 'Cloud, 1 token (expiry from token list)',
      platform: 'cloud',
      tokens: [
        { name: 'bot', secret, site: 'finance', expiresAt: inDays(90), reportOnSignIn: false }
      ],
      latencies: SINGLE_LATENCIES,
      inputs: cloudOne,
      unavoidableRoundTrips: 3
    },
    manyAt(1),
    manyAt(4),
    manyAt(10)
  ]
}

export const WORKFLOW = '.github/workflows/tableau-pat-keepalive.yml'
export const WORKFLOW_TEXT = `on:\n  schedule:\n    - cron: '17 6 * * 1,4'\njobs:\n  keepalive:\n    runs-on: ubuntu-latest\n    steps: []\n`

/** The runner's variables (and the github-token input) a scheduled run of the action has. */
export function scheduledRun(
  scenario: Scenario,
  github: FakeGitHub,
  checkout: string
): { env: Record<string, string>; inputs: Record<string, string> } {
  if (scenario.entry) return { env: {}, inputs: {} }
  return {
    env: {
      GITHUB_REPOSITORY: github.repository,
      GITHUB_API_URL: github.url,
      GITHUB_WORKFLOW_REF: `${github.repository}/${WORKFLOW}@refs/heads/main`,
      GITHUB_EVENT_NAME: 'schedule',
      ...(scenario.workflow === 'checkout' ? { GITHUB_WORKSPACE: checkout } : {})
    },
    inputs: {
      'github-token': 'ghs_benchToken0123456789',
      ...(scenario.workflow === 'unchecked' ? { 'check-schedule': 'false' } : {})
    }
  }
}
