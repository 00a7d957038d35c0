/**
 * `npm start`: runs the bundled action, exactly as the runner does, against the embedded fake
 * Tableau server: a Tableau Server token, a Tableau Cloud token that expires soon, a Tableau Cloud
 * Manager token, a revoked token, and a monitoring token that watches two production tokens
 * without signing in with them. No Tableau account needed. Each run sits in a checked-out
 * workflow whose schedule the action checks: twice weekly (fine) or monthly (too sparse).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeTableauServer, inDays } from '../__tests__/fakes/tableau-server.js'
import { runAction, type ActionRun } from '../__tests__/fakes/run-action.js'

const SERVER_SECRET = 'demo-server-secret-Zx81'
const CLOUD_SECRET = 'demo-cloud-secret-Qp42'
const TCM_SECRET = 'demo-tcm-secret-Hw27'
const MONITOR_SECRET = 'demo-watch-secret-Kd93'
const daysAgo = (days: number): string =>
  new Date(Date.now() - days * 86_400_000 - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z')
const WORKFLOW = '.github/workflows/tableau-pat-keepalive.yml'
const TWICE_WEEKLY = '17 6 * * 1,4'
const MONTHLY = '0 6 1 * *'

/** A workspace holding a checkout whose workflow runs on `cron`, and the runner's variables for it. */
function checkout(root: string, cron: string): Record<string, string> {
  const workspace = mkdtempSync(join(root, 'checkout-'))
  mkdirSync(join(workspace, '.github', 'workflows'), { recursive: true })
  writeFileSync(
    join(workspace, WORKFLOW),
    `on:\n  schedule:\n    - cron: '${cron}'\njobs:\n  keepalive:\n    runs-on: ubuntu-latest\n    steps: []\n`
  )
  return {
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/analytics',
    GITHUB_WORKFLOW_REF: `acme/analytics/${WORKFLOW}@refs/heads/main`,
    GITHUB_EVENT_NAME: 'schedule'
  }
}

async function main(): Promise<void> {
  const server = new FakeTableauServer({
    restApiVersion: '3.22',
    tokens: [{ name: 'extract-refresh', secret: SERVER_SECRET, site: '' }]
  })
  const cloud = new FakeTableauServer({
    platform: 'cloud',
    tokens: [
      { name: 'publisher', secret: CLOUD_SECRET, site: 'finance', expiresAt: inDays(12) },
      // A monitoring token and two production tokens of the same user, watched through it.
      ...[
        { name: 'keepalive-monitor', secret: MONITOR_SECRET, lastUsedAt: undefined },
        { name: 'extract-nightly', secret: 'never-sent-1', lastUsedAt: daysAgo(1) },
        { name: 'extract-monthly', secret: 'never-sent-2', lastUsedAt: daysAgo(13) }
      ].map(token => ({ ...token, site: 'finance', userId: 'etl-owner', expiresAt: inDays(150) }))
    ]
  })
  const cloudManager = new FakeTableauServer({
    platform: 'cloud-manager',
    tokens: [{ name: 'tcm-admin-bot', secret: TCM_SECRET, site: '' }]
  })
  await Promise.all([server.start(), cloud.start(), cloudManager.start()])
  const root = mkdtempSync(join(tmpdir(), 'pat-keepalive-demo-'))
  try {
    const runs: Array<[string, ActionRun, string]> = []
    const scenario = async (
      title: string,
      expected: string,
      inputs: Record<string, string>,
      cron = TWICE_WEEKLY
    ): Promise<void> => {
      const run = await runAction({ inputs, env: checkout(root, cron) })
      print(`${title}; schedule '${cron}'`, run)
      runs.push([title, run, expected])
    }
    await scenario('Tableau Server, Default site', 'ok', {
      'server-url': server.url,
      'token-name': 'extract-refresh',
      'token-secret': SERVER_SECRET
    })
    await scenario(
      'Tableau Cloud, token expires in 12 days',
      'warning',
      {
        'server-url': cloud.url,
        platform: 'cloud', // the fake runs on 127.0.0.1; a real pod URL is detected by itself
        site: 'finance',
        'token-name': 'publisher',
        'token-secret': CLOUD_SECRET
      },
      MONTHLY
    )
    await scenario("Tableau Cloud, monitoring token watching the owner's other tokens", 'warning', {
      'server-url': cloud.url,
      platform: 'cloud',
      site: 'finance',
      'token-name': 'keepalive-monitor',
      'token-secret': MONITOR_SECRET,
      'watch-owner-tokens': 'extract-*'
    })
    await scenario('Tableau Cloud Manager', 'ok', {
      'server-url': cloudManager.url,
      platform: 'cloud-manager', // a real https://<tenant>.cloudmanager.tableau.com is detected by itself
      'token-name': 'tcm-admin-bot',
      'token-secret': TCM_SECRET
    })
    await scenario('Tableau Server, revoked token', 'invalid', {
      'server-url': server.url,
      'token-name': 'extract-refresh',
      'token-secret': 'an-old-secret'
    })
    const wrong = runs.filter(([, run, expected]) => run.outputs['status'] !== expected)
    console.log(
      wrong.length
        ? `\nUnexpected results: ${wrong.map(([title]) => title).join(', ')}`
        : `\nAll ${runs.length} runs behaved as expected.`
    )
    process.exitCode = wrong.length ? 1 : 0
  } finally {
    rmSync(root, { recursive: true, force: true })
    await Promise.all([server.stop(), cloud.stop(), cloudManager.stop()])
  }
}

function print(title: string, run: ActionRun): void {
  console.log(`\n=== ${title} (exit code ${run.exitCode}, ${Math.round(run.wallMs)} ms)`)
  console.log('--- log and annotations')
  for (const line of run.stdout.split('\n')) {
    if (line.trim() && !line.startsWith('::add-mask::')) console.log(`  ${line}`)
  }
  console.log('--- outputs')
  for (const [name, value] of Object.entries(run.outputs))
    console.log(`  ${name.padEnd(18)} ${value}`)
  console.log('--- job summary')
  console.log(indent(htmlToText(run.summary)))
}

function htmlToText(html: string): string {
  return html
    .replace(/<\/t[dh]>/g, ' | ')
    .replace(/<\/(tr|h3|li)>/g, '\n')
    .replace(/<li>/g, '- ')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .trim()
}

function indent(text: string): string {
  return text
    .split('\n')
    .map(line => `  ${line}`)
    .join('\n')
}

await main()
