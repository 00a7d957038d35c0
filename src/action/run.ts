/** The action: read inputs, keep the tokens alive, report. The only place that fails the step. */
import * as core from '@actions/core'
import type { IssueRun } from '../github/issues.js'
import { InputError, readSettings, type Settings } from '../config/inputs.js'
import { keepAliveAll } from '../token/keepalive-all.js'
import { annotationsFor, withinRunnerLimits } from '../report/annotations.js'
import { LOGGED_TOKENS_MAX } from '../report/runner-limits.js'
import { tokenCapWarnings } from '../token/caps.js'
import { writeResultsFile } from '../report/results-file.js'
import { outputsFor, outputsWithoutResult, type Outputs } from '../report/outputs.js'
import { summaryHtml } from '../report/summary.js'
import { safeLine } from '../text/safe-text.js'
import { isFailing } from '../core/status.js'
import { lookAfterWorkflow } from './keeper.js'
import { sendHeartbeat } from './heartbeat.js'
import type { ScheduleVerdict } from '../schedule/verdict.js'
import { parseWorkflowRef } from '../schedule/workflow-ref.js'
import type { Annotation, TokenResult } from '../core/types.js'
import { messageOf } from '../core/error-text.js'

export async function run(): Promise<void> {
  try {
    const settings = await readSettings({
      get: name => core.getInput(name),
      mask: secret => core.setSecret(secret)
    })
    const inputWarnings = asWarnings(settings.warnings)
    const many = settings.tokens.length > 1
    // The workflow's own checks run beside the Tableau work, so they add no wait of their own;
    // what they compute waits until it has finished, so they can never slow a Tableau answer.
    let tableauDone = (): void => {}
    const settled = new Promise<void>(resolve => (tableauDone = resolve))
    const keeper = lookAfterWorkflow(settings, process.env, new Date(), settled)
    // Past LOGGED_TOKENS_MAX tokens, their lines are counted, not printed: the summary, the
    // annotations and results-file still have every token.
    let logged = 0
    let quiet = 0
    const results = await keepAliveAll(settings.tokens, settings.concurrency, token => {
      // Lines of tokens checked side by side interleave: name each.
      const named = (line: string): string => (many ? `[${token.tokenName}] ${line}` : line)
      const printed = logged++ < LOGGED_TOKENS_MAX
      if (!printed) quiet++
      return {
        log: line => (printed ? core.info(safeLine(named(line))) : undefined),
        mask: secret => core.setSecret(secret),
        // Request lines only when the run is debugged (RUNNER_DEBUG=1 / "Enable debug logging").
        debug: core.isDebug() ? line => core.debug(safeLine(named(line))) : undefined
      }
    }).finally(tableauDone)
    if (quiet)
      core.info(
        `The lines of ${quiet} more tokens were not printed (${LOGGED_TOKENS_MAX} are at most): see the job summary and the results-file output.`
      )
    const { verdict, annotations } = await keeper
    if (verdict?.evaluationCpuMs !== undefined)
      core.debug(
        safeLine(
          `Schedule check: the crons took ${verdict.evaluationCpuMs.toFixed(2)} ms of CPU to evaluate`
        )
      )
    const issues = settings.issues ? await updateIssues(settings, results, verdict) : undefined
    for (const { url } of issues?.closedOrphans ?? [])
      core.info(safeLine(`Closed ${url}: this workflow no longer checks its token`))
    const resultsFile = await writeResultsFile(results, issues?.outcomes)
    setOutputs(outputsFor(results, issues?.outcomes, verdict, resultsFile))
    const passed = !results.some(result => isFailing(result.status))
    if (!passed) process.exitCode = core.ExitCode.Failure
    const found = [
      ...annotationsFor(results, issues?.warnings),
      ...asWarnings(tokenCapWarnings(results)),
      ...annotations,
      ...inputWarnings
    ]
    // A passing run pings heartbeat-url (silence tells the monitor that something is wrong); a
    // failing one pings heartbeat-fail-url, so the monitor alerts at once, not after its grace.
    const [ping, pingName] = passed
      ? [settings.heartbeatUrl, 'heartbeat-url']
      : [settings.heartbeatFailUrl, 'heartbeat-fail-url']
    if (ping) {
      const warning = await sendHeartbeat(ping, settings.tokens[0]!, pingName)
      if (warning)
        found.push({ level: 'warning', title: 'Heartbeat not delivered', message: warning })
      else core.info(`Heartbeat delivered to ${pingName}`)
    }
    // Token findings first: the runner keeps only the first 10 of each type.
    for (const annotation of withinRunnerLimits(found)) annotate(annotation)
    await writeSummary(summaryHtml(results, verdict))
  } catch (err) {
    setOutputs(outputsWithoutResult())
    const message =
      err instanceof InputError ? err.message : `Unexpected failure: ${messageOf(err)}`
    annotate({
      level: 'error',
      title: err instanceof InputError ? 'Invalid input' : 'Tableau PAT keepalive failed',
      message
    })
    process.exitCode = core.ExitCode.Failure
  }
}

async function updateIssues(
  settings: Settings,
  results: TokenResult[],
  verdict: ScheduleVerdict | undefined
): Promise<IssueRun> {
  // Octokit is loaded only here, so runs without open-issue do not pay for it.
  const { manageIssues } = await import('../github/issues.js')
  const { timeoutMs, retries } = settings.tokens[0]!
  // The same bound as one Tableau request with its retries: GitHub trouble never holds the step longer.
  return manageIssues(results, settings.issues!, process.env, {
    timeoutMs,
    budgetMs: (retries + 1) * timeoutMs,
    nextRun: verdict?.nextRun,
    scheduleGapDays: verdict?.gapDays,
    workflow: parseWorkflowRef(process.env['GITHUB_WORKFLOW_REF'])?.path
  })
}

function asWarnings(messages: readonly string[]): Annotation[] {
  return messages.map(message => ({ level: 'warning', title: 'Tableau PAT keepalive', message }))
}

function setOutputs(outputs: Outputs): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
}

// Errors are annotated with a title and the exit code set directly: core.setFailed would add a
// second, untitled error annotation for the same failure. A message is one line; only a combined
// annotation has several, one per finding.
function annotate({ level, title, message, items }: Annotation): void {
  const text = items ? items.map(safeLine).join('\n') : safeLine(message)
  core[level](text, { title: safeLine(title) })
}

async function writeSummary(html: string): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return // a local run has no summary file
  try {
    await core.summary.addRaw(html, true).write()
  } catch (err) {
    annotate({
      level: 'warning',
      title: 'Tableau PAT keepalive',
      message: `Could not write the job summary: ${messageOf(err)}`
    })
  }
}
