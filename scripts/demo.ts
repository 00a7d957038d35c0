/**
 * `npm start`: runs the bundled action, exactly as the runner does, against the embedded fake
 * Tableau server: a Tableau Server token, a Tableau Cloud token that expires soon, a Tableau Cloud
 * Manager token and a revoked token. No Tableau account needed.
 */
import { FakeTableauServer, inDays } from '../__tests__/fakes/tableau-server.js'
import { runAction, type ActionRun } from '../__tests__/fakes/run-action.js'

const SERVER_SECRET = 'demo-server-secret-Zx81'
const CLOUD_SECRET = 'demo-cloud-secret-Qp42'
const TCM_SECRET = 'demo-tcm-secret-Hw27'

async function main(): Promise<void> {
  const server = new FakeTableauServer({
    restApiVersion: '3.22',
    tokens: [{ name: 'extract-refresh', secret: SERVER_SECRET, site: '' }]
  })
  const cloud = new FakeTableauServer({
    platform: 'cloud',
    tokens: [{ name: 'publisher', secret: CLOUD_SECRET, site: 'finance', expiresAt: inDays(12) }]
  })
  const cloudManager = new FakeTableauServer({
    platform: 'cloud-manager',
    tokens: [{ name: 'tcm-admin-bot', secret: TCM_SECRET, site: '' }]
  })
  await Promise.all([server.start(), cloud.start(), cloudManager.start()])
  try {
    const runs: Array<[string, ActionRun, string]> = []
    const scenario = async (
      title: string,
      expected: string,
      inputs: Record<string, string>
    ): Promise<void> => {
      const run = await runAction({ inputs })
      print(title, run)
      runs.push([title, run, expected])
    }
    await scenario('Tableau Server, Default site', 'ok', {
      'server-url': server.url,
      'token-name': 'extract-refresh',
      'token-secret': SERVER_SECRET
    })
    await scenario('Tableau Cloud, token expires in 12 days', 'warning', {
      'server-url': cloud.url,
      platform: 'cloud', // the fake runs on 127.0.0.1; a real pod URL is detected by itself
      site: 'finance',
      'token-name': 'publisher',
      'token-secret': CLOUD_SECRET
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
