/**
 * `npm run bench`: how close the bundled action gets to the network floor, and how it scales.
 * Runs dist/index.js as a whole process (the end-to-end harness) against the fake Tableau server
 * with injected latency, and compares with the floor: the start of a process that only loads
 * @actions/core, plus the round trips no keepalive can avoid. Prints the table; `npm run bench
 * -- --save` also writes bench/results.md.
 *
 * Every run of the action has what a scheduled job has: GITHUB_WORKFLOW_REF naming a workflow
 * with a cron, and no checkout (keepalive jobs need none), so the schedule check reads the file
 * through the contents API of a fake GitHub with the same latency as Tableau.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus } from 'node:os'
import { join } from 'node:path'
import { FakeTableauServer } from '../__tests__/fakes/tableau-server.js'
import { REPO_ROOT } from '../__tests__/fakes/run-action.js'
import { FakeGitHub } from '../__tests__/fakes/github-server.js'
import { MANY, WORKFLOW, WORKFLOW_TEXT, scenarios, scheduledRun } from './bench-scenarios.js'
import { DIST, RUNS, TMP, buildBundle, measure, median, ms, type Sample } from './bench-measure.js'
import {
  BASELINE_COMMIT,
  SIDE_BY_SIDE_LATENCY_MS,
  sideBySide,
  type SideBySide
} from './bench-history.js'
import { scheduleCosts, type ScheduleCost } from './bench-schedule.js'

interface Row {
  scenario: string
  latencyMs: number | string
  samples: Sample[]
  floorMs?: number
  note?: string
}

/**
 * Runs `once` after a warm-up, each run followed by a run of the floor process, so that both see
 * the same machine state (frequency scaling and noise drift on a shared machine otherwise skew
 * the ratio).
 */
async function repeatWithFloor(
  times: number,
  floorEntry: string,
  once: () => Promise<Sample>
): Promise<{ samples: Sample[]; floor: Sample[] }> {
  await once() // warm-up: file cache, JIT of the harness
  await measure(floorEntry, {})
  const samples: Sample[] = []
  const floor: Sample[] = []
  for (let i = 0; i < times; i++) {
    samples.push(await once())
    floor.push(await measure(floorEntry, {}))
  }
  return { samples, floor }
}

/** The floor: a process that only loads the toolkit every JavaScript action pays for. */
const FLOOR_SOURCE = "import * as core from '@actions/core'\ncore.info('floor')\n"

/**
 * A reference, not a floor: @actions/core plus the same three requests in plain node:http, with
 * no validation, retries, parsing or reporting. What separates it from the action is our code.
 */
const MINIMAL_CLIENT_SOURCE = `import * as core from '@actions/core'
import http from 'node:http'
const base = process.env.BASE
const call = (method, path, body, headers = {}) => new Promise((resolve, reject) => {
  const req = http.request(base + path, { method, headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...headers } }, res => {
    let data = ''
    res.on('data', chunk => (data += chunk))
    res.on('end', () => resolve(data))
  })
  req.on('error', reject)
  req.end(body)
})
const credentials = { personalAccessTokenName: 'bot', personalAccessTokenSecret: process.env.SECRET, site: { contentUrl: '' } }
const [, signIn] = await Promise.all([call('GET', '/api/2.4/serverinfo'), call('POST', '/api/3.6/auth/signin', JSON.stringify({ credentials }))])
await call('POST', '/api/3.24/auth/signout', undefined, { 'X-Tableau-Auth': JSON.parse(signIn).credentials.token })
core.setOutput('status', 'ok')
`

async function main(): Promise<void> {
  const actionInputs = readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')
  const floorEntry = buildBundle('floor', FLOOR_SOURCE)
  const minimalEntry = buildBundle('minimal-client', MINIMAL_CLIENT_SOURCE)
  // Bundle load: a cold start that stops at once on missing inputs, with no network work.
  const load = await repeatWithFloor(RUNS, floorEntry, () => measure(DIST, {}))
  const floorSamples = [...load.floor]
  const github = new FakeGitHub()
  await github.start()
  github.files.set(WORKFLOW, WORKFLOW_TEXT)
  const history = await sideBySide(floorEntry, github)
  const costs = scheduleCosts()
  if (process.argv.includes('--side-by-side')) {
    // The quick look: only the comparison with the baseline bundle, and the check's own cost.
    await github.stop()
    console.log(render([], statSync(DIST).size, history, costs))
    return
  }
  const checkout = join(TMP, 'checkout')
  mkdirSync(join(checkout, '.github', 'workflows'), { recursive: true })
  writeFileSync(join(checkout, WORKFLOW), WORKFLOW_TEXT)
  const rows: Row[] = [
    {
      scenario: 'bundle load (input error, no network)',
      latencyMs: '-',
      samples: load.samples,
      floorMs: median(load.floor.map(s => s.wallMs))
    }
  ]
  for (const scenario of scenarios(minimalEntry)) {
    for (const latencyMs of scenario.latencies) {
      if (
        scenario.needsInput &&
        !new RegExp(`^  ${scenario.needsInput}:`, 'm').test(actionInputs)
      ) {
        rows.push({
          scenario: scenario.name,
          latencyMs,
          samples: [],
          note: `skipped: the action has no \`${scenario.needsInput}\` input yet`
        })
        continue
      }
      process.stderr.write(`bench: ${scenario.name}, ${latencyMs} ms latency (${RUNS} runs)…\n`)
      const server = new FakeTableauServer({
        tokens: scenario.tokens,
        platform: scenario.platform,
        latencyMs
      })
      await server.start()
      github.latencyMs = latencyMs
      const run = scheduledRun(scenario, github, checkout)
      try {
        const { samples, floor } = await repeatWithFloor(RUNS, floorEntry, () =>
          measure(
            scenario.entry ?? DIST,
            { ...scenario.inputs(server.url), ...run.inputs },
            server,
            { ...scenario.env?.(server.url), ...run.env }
          )
        )
        floorSamples.push(...floor)
        rows.push({
          scenario: scenario.name,
          latencyMs,
          samples,
          floorMs: median(floor.map(s => s.wallMs)) + scenario.unavoidableRoundTrips * latencyMs
        })
      } finally {
        await server.stop()
      }
    }
  }
  await github.stop()
  rows.unshift({
    scenario: 'floor: process loading only @actions/core',
    latencyMs: '-',
    samples: floorSamples
  })
  const report = render(rows, statSync(DIST).size, history, costs)
  console.log(report)
  // The committed results change only when asked: a plain run leaves the work tree clean.
  if (process.argv.includes('--save')) {
    mkdirSync(join(REPO_ROOT, 'bench'), { recursive: true })
    writeFileSync(join(REPO_ROOT, 'bench', 'results.md'), report)
    process.stderr.write('bench: wrote bench/results.md\n')
  } else process.stderr.write('bench: run with -- --save to write bench/results.md\n')
}

function render(
  rows: Row[],
  bundleBytes: number,
  history: SideBySide[],
  costs: ScheduleCost[]
): string {
  const machine = `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${RUNS} runs after a warm-up`
  const lines = [
    `# Benchmark: ${new Date().toISOString().slice(0, 10)}`,
    '',
    `Machine: ${machine}. Bundle \`dist/index.js\`: ${(bundleBytes / 1024).toFixed(0)} KiB.`,
    '',
    `## Side by side: one Server token at ${SIDE_BY_SIDE_LATENCY_MS} ms, against the bundle of ${BASELINE_COMMIT}`,
    '',
    `Each round runs each row once, in turn; medians of ${RUNS} rounds. The ${BASELINE_COMMIT} bundle is taken from the project's history with \`git archive\`. Today's rows are scheduled runs that read the workflow through the contents API (same latency).`,
    '',
    `| bundle | median ms | / ${BASELINE_COMMIT} | / floor | schedule check, CPU ms: median (least) |`,
    '|---|---|---|---|---|',
    ...history.map(
      row =>
        `| ${row.label} | ${ms(row.medianMs)} | ${row.versusBaseline?.toFixed(2) ?? ''} | ${row.versusFloor?.toFixed(2) ?? ''} | ${row.checkCpuMs === undefined ? '' : `${row.checkCpuMs.toFixed(2)} (${row.checkCpuBestMs!.toFixed(2)})`} |`
    ),
    '',
    "The last column is the CPU the crons' evaluation took inside those runs (the README's cron), as the action's debug line reports it: the check as an action run meets it, after the bundle has loaded and parsed the workflow.",
    '',
    `## The schedule check's CPU time`,
    '',
    `The crons' evaluation (\`analyseSchedules\`), medians of ${RUNS} fresh processes, and the least of them (noise on a shared machine only adds CPU time): cold is the first evaluation in the process, as in an action run; warm the second. A cron with a time zone makes Node load ICU's date data once (about 22 ms here, for any time-zone formatter); the row with ICU loaded before shows the check's own share.`,
    '',
    '| crons | cold ms | cold ms, least | warm ms |',
    '|---|---|---|---|',
    ...costs.map(
      cost =>
        `| ${cost.label} | ${cost.coldMs.toFixed(1)} | ${cost.coldBestMs.toFixed(1)} | ${cost.warmMs.toFixed(1)} |`
    ),
    '',
    '## Scenarios',
    '',
    '| scenario | latency ms | min ms | median ms | max ms | floor ms | median / floor | vs sequential | round trips | peak RSS MB |',
    '|---|---|---|---|---|---|---|---|---|---|'
  ]
  const sequential = rows.find(row => row.scenario.endsWith('concurrency 1') && row.samples.length)
  for (const row of rows) {
    if (!row.samples.length) {
      lines.push(`| ${row.scenario} | ${row.latencyMs} | ${row.note ?? ''} | | | | | | | |`)
      continue
    }
    const walls = row.samples.map(s => s.wallMs)
    const med = median(walls)
    const ratio = row.floorMs ? (med / row.floorMs).toFixed(2) : ''
    const versusSequential =
      sequential && row.scenario.startsWith(`Cloud, ${MANY} tokens`)
        ? (med / median(sequential.samples.map(s => s.wallMs))).toFixed(2)
        : ''
    const trips = Math.max(...row.samples.map(s => s.roundTrips))
    const rss = Math.max(...row.samples.map(s => s.rssKb)) / 1024
    lines.push(
      `| ${row.scenario} | ${row.latencyMs} | ${ms(Math.min(...walls))} | ${ms(med)} | ${ms(Math.max(...walls))} | ${row.floorMs ? ms(row.floorMs) : ''} | ${ratio} | ${versusSequential} | ${trips || ''} | ${rss ? rss.toFixed(0) : ''} |`
    )
  }
  lines.push(
    '',
    "Every action run is a scheduled run: the schedule check reads the workflow (one cron) through the contents API of a fake GitHub with the same latency, unless the row says otherwise. Floor = start of a process that only loads `@actions/core` + unavoidable round trips x latency (sign-in and sign-out; the token list too when the sign-in does not report the expiry). Round trips are counted from the fake server's request log; overlapping requests count once. The reference row is the same requests made by a few lines of raw node:http (no validation, retries, parsing or reporting): the distance between it and the floor is what HTTP against the fake costs any client; the distance between it and the action is our code.",
    ''
  )
  return lines.join('\n')
}

await main()
