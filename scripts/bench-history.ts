/**
 * The side-by-side comparison of `npm run bench` (issue #29): today's bundle with the schedule
 * check on and off, a bundle from the project's history, and the floor, in turn.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { FakeTableauServer, inDays } from '../__tests__/fakes/tableau-server.js'
import { REPO_ROOT } from '../__tests__/fakes/run-action.js'
import type { FakeGitHub } from '../__tests__/fakes/github-server.js'
import { scheduledRun } from './bench-scenarios.js'
import { DIST, RUNS, TMP, measure, median, type Sample } from './bench-measure.js'

/** The bundle from before the keeper (issue #29's baseline), read from the project's history. */
export const BASELINE_COMMIT = '55f490f'
export const SIDE_BY_SIDE_LATENCY_MS = 50

/** `git archive` of a commit's dist/ into bench/tmp/<commit>/: that commit's action, as shipped. */
function historicBundle(commit: string): string {
  const target = join(TMP, commit)
  mkdirSync(target, { recursive: true })
  const archive = execFileSync('git', ['archive', '--format=tar', commit, 'dist'], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024
  })
  execFileSync('tar', ['-x', '-C', target], { input: archive })
  return join(target, 'dist', 'index.js')
}

export interface SideBySide {
  label: string
  medianMs: number
  versusBaseline?: number
  versusFloor?: number
  /** Median and least CPU of the schedule check's evaluation in these runs, as the action reports it. */
  checkCpuMs?: number
  checkCpuBestMs?: number
}

/**
 * One Server token at 50 ms: today's bundle with the schedule check on and off, the baseline
 * bundle and the floor, one run of each in turn, so that machine noise hits all four alike.
 */
export async function sideBySide(floorEntry: string, github: FakeGitHub): Promise<SideBySide[]> {
  const baseline = historicBundle(BASELINE_COMMIT)
  const secret = 'bench-secret'
  const server = new FakeTableauServer({
    tokens: [{ name: 'bot', secret, site: '', expiresAt: inDays(200) }],
    platform: 'server',
    latencyMs: SIDE_BY_SIDE_LATENCY_MS
  })
  await server.start()
  github.latencyMs = SIDE_BY_SIDE_LATENCY_MS
  const scheduled = scheduledRun(
    {
      name: '',
      tokens: [],
      platform: 'server',
      inputs: () => ({}),
      latencies: [],
      unavoidableRoundTrips: 2
    },
    github,
    ''
  )
  const inputs = { 'server-url': server.url, 'token-name': 'bot', 'token-secret': secret }
  const runs: Record<string, () => Promise<Sample>> = {
    'today, check-schedule on': () =>
      measure(DIST, { ...inputs, ...scheduled.inputs }, server, scheduled.env),
    'today, check-schedule off': () =>
      measure(
        DIST,
        { ...inputs, ...scheduled.inputs, 'check-schedule': 'false' },
        server,
        scheduled.env
      ),
    [`${BASELINE_COMMIT} (before the keeper)`]: () =>
      // It has no schedule check: 'check-schedule' (an input it does not know) tells measure so.
      measure(
        baseline,
        { ...inputs, ...scheduled.inputs, 'check-schedule': 'false' },
        server,
        scheduled.env
      ),
    floor: () => measure(floorEntry, {})
  }
  const walls: Record<string, number[]> = {}
  const checkCpu: Record<string, number[]> = {}
  try {
    process.stderr.write(`bench: side by side at ${SIDE_BY_SIDE_LATENCY_MS} ms (${RUNS} rounds)…\n`)
    for (const run of Object.values(runs)) await run() // warm-up
    for (let i = 0; i < RUNS; i++)
      for (const [label, run] of Object.entries(runs)) {
        const sample = await run()
        ;(walls[label] ??= []).push(sample.wallMs)
        if (sample.checkCpuMs !== undefined) (checkCpu[label] ??= []).push(sample.checkCpuMs)
      }
  } finally {
    await server.stop()
  }
  const medianOf = (label: string): number => median(walls[label]!)
  const baselineMs = medianOf(`${BASELINE_COMMIT} (before the keeper)`)
  // The floor pays no round trips: add the two that every keepalive makes.
  const floorMs = medianOf('floor') + 2 * SIDE_BY_SIDE_LATENCY_MS
  return Object.keys(runs).map(label =>
    label === 'floor'
      ? { label: 'floor (+ 2 round trips)', medianMs: floorMs }
      : {
          label,
          medianMs: medianOf(label),
          versusBaseline: medianOf(label) / baselineMs,
          versusFloor: medianOf(label) / floorMs,
          checkCpuMs: checkCpu[label] && median(checkCpu[label]),
          checkCpuBestMs: checkCpu[label] && Math.min(...checkCpu[label])
        }
  )
}
