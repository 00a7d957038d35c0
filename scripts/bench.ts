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
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus } from 'node:os'
import { join } from 'node:path'
import { FakeTableauServer, type RecordedRequest } from '../__tests__/fakes/tableau-server.js'
import { REPO_ROOT, runAction, type ActionRun } from '../__tests__/fakes/run-action.js'
import { FakeGitHub } from '../__tests__/fakes/github-server.js'
import { MANY, WORKFLOW, WORKFLOW_TEXT, scenarios, scheduledRun } from './bench-scenarios.js'

const RUNS = Number(process.env['BENCH_RUNS'] ?? 7)
const TMP = join(REPO_ROOT, 'bench', 'tmp')
const DIST = join(REPO_ROOT, 'dist', 'index.js')
// Reports the child's peak RSS on stderr as it exits.
const RSS_PROBE =
  'data:text/javascript,import {writeSync} from "node:fs"; process.on("exit", () => writeSync(2, `\\n__maxrss_kb=${process.resourceUsage().maxRSS}\\n`))'

interface Sample {
  wallMs: number
  rssKb: number
  roundTrips: number
}

interface Row {
  scenario: string
  latencyMs: number | string
  samples: Sample[]
  floorMs?: number
  note?: string
}

async function measure(
  entry: string,
  inputs: Record<string, string>,
  server?: FakeTableauServer,
  env: Record<string, string> = {}
): Promise<Sample> {
  if (server) server.requests.length = 0
  const run = await runAction({
    entry,
    inputs,
    env,
    nodeArgs: ['--import', RSS_PROBE],
    recordWrites: false
  })
  // A measurement of a check that did not happen would flatter the action: refuse it.
  const checked = env['GITHUB_WORKFLOW_REF'] && inputs['check-schedule'] !== 'false'
  if (checked && run.outputs['schedule-gap-days'] !== '4')
    throw new Error(`the schedule check did not run: ${run.stdout.slice(0, 2000)}`)
  return {
    wallMs: run.wallMs,
    rssKb: rssOf(run),
    roundTrips: server ? criticalPathRoundTrips(server.requests) : 0
  }
}

function rssOf(run: ActionRun): number {
  return Number(/__maxrss_kb=(\d+)/.exec(run.stderr)?.[1] ?? 0)
}

/** Round trips on the critical path: overlapping requests count once. */
export function criticalPathRoundTrips(requests: RecordedRequest[]): number {
  const spans = requests
    .map(r => [r.startedAt, r.endedAt ?? r.startedAt] as const)
    .sort((a, b) => a[0] - b[0])
  let count = 0
  let end = -Infinity
  for (const [start, stop] of spans) {
    if (start >= end) count++
    end = Math.max(end, stop)
  }
  return count
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

/** Bundles a small entry with ncc, as the action is bundled, into bench/tmp/<name>/index.js. */
function buildBundle(name: string, source: string): string {
  mkdirSync(TMP, { recursive: true })
  const entry = join(TMP, `${name}-entry.js`)
  writeFileSync(entry, source)
  const ncc = join(REPO_ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
  execFileSync(
    process.execPath,
    [ncc, 'build', entry, '-o', join(TMP, name), '--minify', '--quiet'],
    {
      stdio: 'ignore'
    }
  )
  return join(TMP, name, 'index.js')
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

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const ms = (value: number): string => `${Math.round(value)}`

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
  const report = render(rows, statSync(DIST).size)
  console.log(report)
  // The committed results change only when asked: a plain run leaves the work tree clean.
  if (process.argv.includes('--save')) {
    mkdirSync(join(REPO_ROOT, 'bench'), { recursive: true })
    writeFileSync(join(REPO_ROOT, 'bench', 'results.md'), report)
    process.stderr.write('bench: wrote bench/results.md\n')
  } else process.stderr.write('bench: run with -- --save to write bench/results.md\n')
}

function render(rows: Row[], bundleBytes: number): string {
  const machine = `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${RUNS} runs after a warm-up`
  const lines = [
    `# Benchmark: ${new Date().toISOString().slice(0, 10)}`,
    '',
    `Machine: ${machine}. Bundle \`dist/index.js\`: ${(bundleBytes / 1024).toFixed(0)} KiB.`,
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
