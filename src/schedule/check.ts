/**
 * The keeper checks its own schedule: a keepalive that runs too rarely, on a cron GitHub will not
 * run, or not on a schedule at all, lets the token die without a word. Annotations only: the
 * verdict is about the workflow, and never changes a token's status or the exit code.
 */
import { DAY_MS, DEFAULT_IDLE_DAYS, formatInstant } from '../core/expiry.js'
import { quoteShort } from './cron.js'
import {
  MAX_CRONS,
  analyseSchedules,
  cpuMs,
  describeCron,
  type Schedule,
  type ScheduleAnalysis
} from './gap.js'
import { readWorkflowSchedules, type ContentsReader } from './workflow.js'
import type { Annotation } from '../core/types.js'
import { SCHEDULE_TITLE, type ScheduleVerdict } from './verdict.js'

/** Crons named in the gap message at most: the rest are counted. */
const NAMED_CRONS = 5
const EXAMPLE = "cron: '17 6 * * 1,4' (twice a week, at an odd minute)"

/**
 * CPU time the crons' evaluation may take before the check gives up. Parsing the file is bounded
 * by its size instead (1 MiB at most, MAX_WORKFLOW_BYTES): it cannot be stopped half-way, and
 * counting it here made a large file's verdict depend on how busy the machine was.
 */
export const CHECK_BUDGET_MS = 1000
/** CPU time a small file's evaluation may take while the Tableau work is still running. */
export const EARLY_BUDGET_MS = 20

/**
 * `settled` is the Tableau work: before it has finished only the file's download runs, and the
 * parsing and a 20 ms evaluation of a small file, so no workflow file, however large, can make a
 * Tableau request time out.
 */
export async function checkSchedule(
  env: NodeJS.ProcessEnv,
  readContents: ContentsReader | undefined,
  now: Date,
  settled: Promise<unknown> = Promise.resolve(),
  /** The idle window (idle-days, the smallest of the tokens'): an error at it, a warning past half. */
  idleDays = DEFAULT_IDLE_DAYS
): Promise<ScheduleVerdict> {
  const found = await readWorkflowSchedules(env, readContents, settled)
  const file = found.workflow?.path ?? 'the workflow'
  const annotations: Annotation[] = []
  const say = (level: Annotation['level'], message: string): void =>
    void annotations.push({ level, title: SCHEDULE_TITLE, message })

  if (!found.schedules) {
    // Outside GitHub Actions (no workflow at all) there is nothing to check.
    if (found.workflow || env['GITHUB_WORKFLOW_REF'])
      say('notice', `Schedule not checked: could not read ${file} (${found.fallbackReason}).`)
    return { annotations }
  }
  if (found.source === 'event')
    say(
      'notice',
      `Checked only the cron that fired this run, from the event payload: could not read ${file} (${found.fallbackReason}), so its other schedules were not checked.`
    )
  if (found.schedules.length === 0) {
    say(
      'warning',
      `${file} has no schedule: nothing runs this keepalive regularly, and a PAT unused for ${idleDays} days expires. Add on: schedule: - ${EXAMPLE}.`
    )
    return { annotations }
  }

  const { analysis, cpuMs: evaluationCpuMs } = await evaluate(
    found.schedules,
    now,
    found.early ? settled : undefined
  )
  if (analysis.leftOut)
    say(
      'notice',
      `${file} has ${found.schedules.length} schedule entries: only the first ${MAX_CRONS} were checked, so the gap below may be shorter in truth.`
    )
  if (analysis.outOfTime) {
    say(
      'notice',
      `Schedule not checked: ${file} took more than ${CHECK_BUDGET_MS / 1000} s of CPU time to evaluate, and the check gave up so as not to hold up the job.`
    )
    return { annotations, evaluationCpuMs }
  }
  for (const { schedule, reason } of analysis.invalid)
    say(
      'warning',
      `${describeCron(schedule)} in ${file} is not valid: ${reason}. GitHub does not run it.`
    )
  for (const schedule of analysis.schedules.filter(onTheHour))
    say(
      'notice',
      `${describeCron(schedule)} runs at minute 0: GitHub delays, and at busy times drops, runs at the top of the hour. Use an odd minute, e.g. ${quoteShort(`17 ${schedule.cron.trim().split(/\s+/).slice(1).join(' ')}`)}.`
    )
  if (analysis.longestGapMs === undefined) return { annotations, evaluationCpuMs }

  const days = (ms: number): number => Math.min(Math.floor(ms / DAY_MS), 400)
  for (const { schedule, gapMs, posixGapMs } of analysis.ambiguous ?? [])
    if (days(gapMs) !== days(posixGapMs))
      say(
        'notice',
        `${describeCron(schedule)} in ${file} is read one of two ways: GitHub does not document a day field that starts with * and has a step beside a restricted one. Read as classic (Vixie) cron reads it, both day fields must match, and the longest gap is ${days(gapMs)} days; read as POSIX does, either matches, and it is ${days(posixGapMs)} days. This check takes the worse, ${days(gapMs)} days. Write the days without * (e.g. 1-31/2) to say which you mean.`
      )
  const gapDays = days(analysis.longestGapMs)
  const named = analysis.schedules.slice(0, NAMED_CRONS).map(describeCron)
  const more = analysis.schedules.length - named.length
  const crons = named.join(', ') + (more ? ` and ${more} more` : '')
  const gap = `${crons} in ${file} leave${analysis.schedules.length === 1 ? 's' : ''} up to ${gapDays} days between runs`
  // Past half the idle window a delayed or dropped run leaves no margin.
  if (gapDays >= idleDays)
    say(
      'error',
      `${gap}: a token can expire from disuse (${idleDays} days) between two runs. Run at least weekly, e.g. ${EXAMPLE}.`
    )
  else if (gapDays > idleDays / 2)
    say(
      'warning',
      `${gap}. Run at least weekly, e.g. ${EXAMPLE}, so that a delayed or dropped run still leaves time before the ${idleDays}-day idle limit.`
    )
  return {
    gapDays,
    nextRun: analysis.nextRun ? formatInstant(analysis.nextRun) : undefined,
    annotations,
    evaluationCpuMs
  }
}

/**
 * The crons' runs, evaluated within CHECK_BUDGET_MS of CPU. A small file read while the Tableau
 * work is still running (`pending`) is first evaluated at once within EARLY_BUDGET_MS, so that the
 * check is done by the time the Tableau work is; past that it waits and starts again.
 */
async function evaluate(
  schedules: readonly Schedule[],
  now: Date,
  pending: Promise<unknown> | undefined
): Promise<{ analysis: ScheduleAnalysis; cpuMs: number }> {
  let spent = 0
  const within = (budgetMs: number): ScheduleAnalysis => {
    const started = cpuMs()
    const analysis = analyseSchedules(schedules, now, {
      budgetMs,
      elapsed: () => cpuMs() - started
    })
    spent += cpuMs() - started
    return analysis
  }
  if (pending) {
    const early = within(EARLY_BUDGET_MS)
    if (!early.outOfTime) return { analysis: early, cpuMs: spent }
    await pending
  }
  return { analysis: within(CHECK_BUDGET_MS), cpuMs: spent }
}

function onTheHour({ cron }: Schedule): boolean {
  return /^0+$/.test(cron.trim().split(/\s+/)[0] ?? '')
}
