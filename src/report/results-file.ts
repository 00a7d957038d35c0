/**
 * Every result, in a JSON file under RUNNER_TEMP (the results-file output): the results output is
 * bounded (runner-limits.ts), the file is not. RUNNER_TEMP is emptied at the end of every job.
 */
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { resultJson } from './outputs.js'
import type { IssueOutcome, TokenResult } from '../core/types.js'

/** The file's path, or undefined when it could not be written (the run goes on without it). */
export async function writeResultsFile(
  results: readonly TokenResult[],
  issues: readonly IssueOutcome[] | undefined,
  env: NodeJS.ProcessEnv = process.env
): Promise<string | undefined> {
  // One file per step and run: the step's id and this process keep matrix legs and steps apart.
  const step = (env['GITHUB_ACTION'] ?? 'step').replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100)
  const path = join(
    env['RUNNER_TEMP'] || tmpdir(),
    `tableau-pat-keepalive-${step}-${process.pid}.json`
  )
  try {
    await writeFile(
      path,
      JSON.stringify(results.map((result, i) => resultJson(result, issues?.[i])))
    )
    return path
  } catch {
    return undefined
  }
}
