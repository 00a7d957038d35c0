/**
 * Text is data (issue #14), in the action and the built CLI: names and Tableau's
 * words cannot become workflow commands, terminal escapes or mentions, and the action edits only
 * issues it wrote itself. Tableau's words go through the bundle, as the runner reads its stdout;
 * input errors, mentions and ownership run in this process.
 */
import { FakeGitHub } from '../fakes/github-server.js'
import { FakeTableauServer, inDays, type FakeToken } from '../fakes/tableau-server.js'
import {
  runnerCommands,
  unintendedCommands,
  visibleText,
  type ActionRun
} from '../fakes/run-action.js'
import { itThroughTheBundle, launch } from '../fakes/run-in-process.js'
import { spawnCli } from '../fakes/run-cli.js'
import { leakedSecrets, testSecret } from '../fakes/secrets.js'

const SECRET = testSecret()
const GITHUB_TOKEN = 'ghs_injectiontesttoken0123456789'
/** Every way to break a line, each followed by a command the runner would obey. */
const HOSTILE =
  'boom\n::error::LF\r::warning::CR\r\n::notice::CRLF\u2028::error::LS\u2029::error::PS\u0085::error::NEL' +
  ' ##[add-mask]v1 \u001b]0;pwned\u0007\u001b[2J\u001b[31mred'

// Characters that must never reach a log or terminal raw (ESC, BEL, CR, NEL, LS, PS).
// eslint-disable-next-line no-control-regex -- these are the characters under test
const RAW_BREAKS_OR_ESCAPES = new RegExp('[\\u001b\\u0007\\u0085\\u2028\\u2029]')
// eslint-disable-next-line no-control-regex -- likewise
const RAW_BREAKS_OR_ESCAPES_OR_CR = new RegExp('[\\u001b\\u0007\\u0085\\u2028\\u2029\\r]')

let tableau: FakeTableauServer
let github: FakeGitHub
const token: FakeToken = { name: 'bot', secret: SECRET, site: 'finance', expiresAt: inDays(12) }

beforeEach(async () => {
  token.expiresAt = inDays(12)
  token.signInFault = undefined
  tableau = new FakeTableauServer({ platform: 'cloud', tokens: [token] })
  github = new FakeGitHub()
  await Promise.all([tableau.start(), github.start()])
})
afterEach(() => Promise.all([tableau.stop(), github.stop()]))

async function run(inputs: Record<string, string> = {}): Promise<ActionRun> {
  const result = await launch({
    inputs: {
      'server-url': tableau.url,
      platform: 'cloud',
      site: 'finance',
      'token-name': 'bot',
      'token-secret': SECRET,
      ...inputs
    },
    env: {
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: github.repository,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '7'
    }
  })
  const secrets = [SECRET, inputs['github-token'] ?? GITHUB_TOKEN, ...tableau.issuedSessionTokens]
  expect(unintendedCommands(result, secrets)).toEqual([])
  expect(leakedSecrets(visibleText(result), secrets)).toEqual([])
  expect(result.stdout).not.toMatch(RAW_BREAKS_OR_ESCAPES)
  return result
}

const hostileError = (status: number): FakeToken['signInFault'] => ({
  kind: 'status',
  status,
  contentType: 'application/json',
  body: JSON.stringify({ error: { code: '401001', summary: 'Signin Error', detail: HOSTILE } })
})

describe('workflow commands', () => {
  it.each([
    ['token-name', { 'token-name': 'bot\n::error::X' }, 'token-name contains a line break'],
    ['site', { site: 'fin\r::error::X' }, 'site contains a line break'],
    [
      'a tokens entry name',
      {
        'token-name': '',
        'token-secret': '',
        tokens: JSON.stringify([{ name: 'bot\u2028::error::X', secret: SECRET }])
      },
      'tokens entry 1'
    ],
    [
      'issue-labels',
      { 'open-issue': 'true', 'github-token': GITHUB_TOKEN, 'issue-labels': 'a\u0085::error::X' },
      'issue-labels contains a control character (\\u0085)'
    ]
  ])('a line break in %s is an input error, not a command', async (_, inputs, message) => {
    const result = await run(inputs)
    expect(result.exitCode).toBe(1)
    const errors = result.commands.filter(c => c.command === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ properties: { title: 'Invalid input' } })
    expect(errors[0]!.message).toContain(message)
    expect(tableau.requests).toEqual([])
  })

  itThroughTheBundle(
    "Tableau's words stay inside the one annotation that quotes them",
    async () => {
      token.signInFault = hostileError(401)
      const result = await run({ 'open-issue': 'true', 'github-token': GITHUB_TOKEN })
      expect(result.exitCode).toBe(1)
      const meant = runnerCommands(result.stdout).filter(c => c.command !== 'add-mask')
      expect(meant.map(c => [c.command, c.properties['title']])).toEqual([
        ['error', 'Tableau PAT rejected']
      ])
      // The whole detail is there, with its breaks shown as escapes, on one line.
      expect(meant[0]!.message).toContain(
        'boom\\n::error::LF\\r::warning::CR\\r\\n::notice::CRLF\\u2028::error::LS\\u2029::error::PS\\u0085::error::NEL ##\\[add-mask]v1 \\u001b]0;pwned\\u0007\\u001b[2J\\u001b[31mred'
      )
      expect(meant[0]!.message).not.toContain('\n')
      // So does the summary, and the issue body.
      expect(result.summary).not.toMatch(RAW_BREAKS_OR_ESCAPES)
      expect(github.issues[0]!.body).not.toMatch(RAW_BREAKS_OR_ESCAPES_OR_CR)
    }
  )

  it('the CLI prints the same words as escapes, never raw, in its table and on stderr', async () => {
    token.signInFault = hostileError(401)
    const cli = await spawnCli(
      [tableau.url, 'finance', 'bot', '--platform', 'cloud', '--verbose'],
      {
        env: { TABLEAU_TOKEN_SECRET: SECRET }
      }
    )
    expect(cli.code).toBe(2)
    for (const text of [cli.stdout, cli.stderr]) {
      expect(text).not.toMatch(RAW_BREAKS_OR_ESCAPES_OR_CR)
      expect(runnerCommands(text)).toEqual([])
    }
    expect(cli.stdout).toContain('boom\\n::error::LF')
    expect(leakedSecrets(cli.stdout + cli.stderr, [SECRET])).toEqual([])
  })
})

/** The body with every code span cut out: what GitHub would scan for mentions and references. */
function outsideCode(markdown: string): string {
  return markdown.replace(/(`+)[^`]*?\1(?!`)/g, '')
}

describe('mentions', () => {
  it('server text in the issue body and comments mentions nobody and references nothing', async () => {
    const detail = 'contact @acme/security-team or @octocat, see #12 and acme/app#3 <b>now</b>'
    token.signInFault = {
      kind: 'status',
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: '500000', summary: 'Oops @octocat', detail } })
    }
    const inputs = { 'open-issue': 'true', 'github-token': GITHUB_TOKEN, retries: '0' }
    await run(inputs)
    const issue = github.issues[0]!
    const firstBody = issue.body
    expect(firstBody).toContain('@acme/security-team')
    token.signInFault = hostileError(401) // a status change: a comment quoting the server
    await run(inputs)
    expect(issue.comments).toHaveLength(1)
    for (const text of [firstBody, issue.body, ...issue.comments]) {
      const visible = outsideCode(text)
      expect(visible).not.toMatch(/@\w/)
      expect(visible).not.toMatch(/#\d/)
    }
    // HTML stays escaped outside code spans; inside one it shows as written.
    expect(outsideCode(firstBody)).not.toContain('<b>')
  })
})

describe('ownership', () => {
  it('leaves a forged marker alone, warns naming it, and opens its own issue', async () => {
    await run({ 'open-issue': 'true', 'github-token': GITHUB_TOKEN })
    const ours = github.issues[0]!
    // Someone else copies our issue, marker and all, and ours is closed by hand.
    ours.state = 'closed'
    const forged = github.addIssue({
      title: ours.title,
      body: ours.body,
      labels: ['tableau-pat'],
      author: 'mallory'
    })
    github.calls.length = 0
    token.expiresAt = inDays(200) // healthy: a run that would close "its" issue
    const healthy = await run({ 'open-issue': 'true', 'github-token': GITHUB_TOKEN })
    expect(forged.state).toBe('open')
    expect(forged.comments).toEqual([])
    expect(
      github.calls.filter(c => c.path.startsWith(`/repos/acme/analytics/issues/${forged.number}`))
    ).toEqual([])
    expect(
      healthy.commands.find(c => c.properties['title'] === 'GitHub issue not updated')?.message
    ).toContain(
      `Issue #${forged.number} carries this action's marker but was opened by mallory, not by github-actions[bot]`
    )
    // One question to GitHub about who the token is, no more.
    expect(github.calls.filter(c => c.path === '/graphql')).toHaveLength(1)

    token.expiresAt = inDays(5) // expiring again: a new issue of our own, not the forged one
    const expiring = await run({ 'open-issue': 'true', 'github-token': GITHUB_TOKEN })
    expect(expiring.outputs['issue-action']).toBe('created')
    expect(github.openIssues().map(issue => issue.author)).toEqual([
      'mallory',
      'github-actions[bot]'
    ])
  })

  it('adopts issues written by the account a personal token acts as', async () => {
    const pat = 'github_pat_keeperbot0123456789'
    github.logins.set(pat, 'keeper-bot')
    await run({ 'open-issue': 'true', 'github-token': pat })
    expect(github.issues[0]!.author).toBe('keeper-bot')
    token.expiresAt = inDays(3)
    const second = await run({ 'open-issue': 'true', 'github-token': pat })
    expect(second.outputs['issue-action']).toBe('updated')
    expect(github.issues).toHaveLength(1)
  })

  it('asks nothing about the account when no issue carries the marker', async () => {
    await run({ 'open-issue': 'true', 'github-token': GITHUB_TOKEN })
    expect(github.calls.filter(c => c.path === '/graphql')).toEqual([])
  })
})
