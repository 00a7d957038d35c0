/**
 * The schedule check's own CPU time (issue #29): the crons' evaluation, in a fresh process each
 * time, as an action run meets it (cold: nothing compiled yet), and once more in the same process
 * (warm). Measured with process.cpuUsage, the clock the check's budget uses.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { REPO_ROOT } from '../__tests__/fakes/run-action.js'
import { RUNS, median } from './bench-measure.js'

export interface ScheduleCost {
  label: string
  coldMs: number
  /** The least of the cold runs: noise on a shared machine only ever adds CPU time. */
  coldBestMs: number
  warmMs: number
}

const README_CRON = [{ cron: '17 6 * * 1,4' }]
const ZONES = Intl.supportedValuesOf('timeZone').filter(zone => zone.includes('/'))

/** 100 crons at odd minutes and hours on a few weekdays, spread over `zones` time zones. */
function hundredCrons(zones: number): Array<{ cron: string; timezone: string }> {
  return Array.from({ length: 100 }, (_, i) => ({
    cron: `${(i * 7 + 3) % 60} ${(i * 5) % 24} * * ${i % 7},${(i + 3) % 7}`,
    timezone: ZONES[(i % zones) * Math.floor(ZONES.length / zones)]!
  }))
}

/**
 * Node's first time-zone formatter loads ICU's date data, about 22 ms of CPU here, whatever asks:
 * `intlLoaded` pays it before the clock starts, to show the check's own share.
 */
const LOAD_INTL = `new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tokyo', timeZoneName: 'longOffset' }).format(0)`

/** One fresh process: the first evaluation (cold) and the second (warm), in ms of CPU. */
function once(
  schedules: ReadonlyArray<{ cron: string; timezone?: string }>,
  intlLoaded: boolean
): [number, number] {
  const gap = join(REPO_ROOT, 'build', 'src', 'schedule', 'gap.js')
  const program = `
    const { analyseSchedules, cpuMs } = await import(${JSON.stringify(`file://${gap}`)})
    ${intlLoaded ? LOAD_INTL : ''}
    const schedules = ${JSON.stringify(schedules)}
    const now = new Date()
    const cost = () => { const start = cpuMs(); const a = analyseSchedules(schedules, now); if (a.longestGapMs === undefined) throw new Error('no gap'); return cpuMs() - start }
    console.log(JSON.stringify([cost(), cost()]))`
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', program], {
    encoding: 'utf8'
  })
  return JSON.parse(out) as [number, number]
}

export function scheduleCosts(): ScheduleCost[] {
  const inTenZones = hundredCrons(10)
  const cases: Array<[string, ReadonlyArray<{ cron: string; timezone?: string }>, boolean?]> = [
    ["the README's cron (UTC)", README_CRON],
    ["the README's cron in Europe/Berlin", [{ ...README_CRON[0]!, timezone: 'Europe/Berlin' }]],
    ['100 crons in UTC', inTenZones.map(({ cron }) => ({ cron }))],
    ['100 crons in 10 time zones', inTenZones],
    ['100 crons in 10 time zones, ICU loaded before', inTenZones, true],
    ['100 crons in 100 time zones', hundredCrons(100)]
  ]
  return cases.map(([label, schedules, intlLoaded = false]) => {
    process.stderr.write(`bench: schedule check, ${label} (${RUNS} processes)…\n`)
    const runs = Array.from({ length: RUNS }, () => once(schedules, intlLoaded))
    return {
      label,
      coldMs: median(runs.map(([cold]) => cold)),
      coldBestMs: Math.min(...runs.map(([cold]) => cold)),
      warmMs: median(runs.map(([, warm]) => warm))
    }
  })
}
