/** What every part of `npm run bench` shares: how one run of a bundle is measured. */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FakeTableauServer, RecordedRequest } from '../__tests__/fakes/tableau-server.js'
import { REPO_ROOT, runAction, type ActionRun } from '../__tests__/fakes/run-action.js'

export const RUNS = Number(process.env['BENCH_RUNS'] ?? 7)
export const TMP = join(REPO_ROOT, 'bench', 'tmp')
export const DIST = join(REPO_ROOT, 'dist', 'index.js')
// Reports the child's peak RSS on stderr as it exits.
const RSS_PROBE =
  'data:text/javascript,import {writeSync} from "node:fs"; process.on("exit", () => writeSync(2, `\\n__maxrss_kb=${process.resourceUsage().maxRSS}\\n`))'

export interface Sample {
  wallMs: number
  rssKb: number
  roundTrips: number
  /** The CPU the schedule check's evaluation took in the run, from the action's debug line. */
  checkCpuMs?: number
}

export async function measure(
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
    roundTrips: server ? criticalPathRoundTrips(server.requests) : 0,
    checkCpuMs: checkCpuOf(run)
  }
}

function checkCpuOf(run: ActionRun): number | undefined {
  const match = /^::debug::Schedule check: the crons took ([\d.]+) ms of CPU/m.exec(run.stdout)
  return match ? Number(match[1]) : undefined
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

/** Bundles a small entry with ncc, as the action is bundled, into bench/tmp/<name>/index.js. */
export function buildBundle(name: string, source: string): string {
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

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
export const ms = (value: number): string => `${Math.round(value)}`
