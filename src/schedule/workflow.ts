/**
 * Which schedules the running workflow has: every `on.schedule[].cron` (with its `timezone:`) of
 * the workflow file named by GITHUB_WORKFLOW_REF, read from the workspace when it is checked out
 * there, else through the contents API; failing both, the one cron that fired, from the event.
 */
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Schedule } from './gap.js'
import { parseWorkflowRef, type WorkflowRef } from './workflow-ref.js'
import { messageOf } from '../core/error-text.js'

export type ScheduleSource = 'workspace' | 'contents-api' | 'event'

export interface WorkflowSchedules {
  workflow?: WorkflowRef
  /** Undefined when no schedule could be found at all. */
  schedules?: Schedule[]
  source?: ScheduleSource
  /** Why the file could not be read, when the event's cron had to do. */
  fallbackReason?: string
  /** Read and parsed before the Tableau work had finished (a small file): see EARLY_PARSE_CHARS. */
  early?: boolean
}

/**
 * A workflow file this small (a keepalive workflow is a kilobyte or two) is parsed as soon as it
 * is read: a few milliseconds, spent while the Tableau requests wait for their answers.
 */
export const EARLY_PARSE_CHARS = 16 * 1024

function isSmall(size: number): boolean {
  return size <= EARLY_PARSE_CHARS
}

/** Reads a file of the repository through the contents API; throws with a reason. */
export type ContentsReader = (workflow: WorkflowRef) => Promise<string>

/** Workflow files larger than this are not read: the contents API's own cap for raw files. */
export const MAX_WORKFLOW_BYTES = 1024 * 1024

/**
 * Finds the schedules. While `settled` is pending (the Tableau work) only the download runs, and
 * the parsing of a small file: a large one waits for it, so no file can hold up a Tableau answer.
 */
export async function readWorkflowSchedules(
  env: NodeJS.ProcessEnv,
  readContents: ContentsReader | undefined,
  settled: Promise<unknown> = Promise.resolve()
): Promise<WorkflowSchedules> {
  const workflow = parseWorkflowRef(env['GITHUB_WORKFLOW_REF'], env['GITHUB_WORKFLOW_SHA'])
  const reasons: string[] = []
  if (workflow) {
    // The YAML parser loads now, while the Tableau requests are in flight.
    void import('yaml').catch(() => undefined)
    const local = checkedOutFile(workflow, env)
    let text: string | undefined
    let source: ScheduleSource | undefined
    if (local !== undefined) {
      try {
        if (!isSmall(statSync(local).size)) await settled
        text = readCapped(local)
        source = 'workspace'
      } catch (err) {
        reasons.push(`the checked-out ${workflow.path} ${messageOf(err)}`)
      }
    } else if (readContents) {
      try {
        text = await readContents(workflow)
        source = 'contents-api'
      } catch (err) {
        reasons.push(messageOf(err))
      }
    } else reasons.push('it is not checked out and github-token is empty')
    // A small file is parsed at once, while the Tableau requests are in flight; a larger one,
    // whose parsing could hold up their answers, only once they are done.
    const early = text !== undefined && isSmall(text.length)
    if (!early) await settled
    if (text !== undefined && source) {
      const parsed = await schedulesIn(text)
      if (parsed) return { workflow, schedules: parsed, source, early }
      if (early) await settled
      reasons.push(
        `${source === 'workspace' ? 'the checked-out ' : ''}${workflow.path} is not valid YAML`
      )
    }
  } else {
    await settled
    reasons.push('GITHUB_WORKFLOW_REF does not name a workflow file')
  }
  const fired = cronThatFired(env['GITHUB_EVENT_PATH'])
  return fired
    ? {
        workflow,
        schedules: [{ cron: fired }],
        source: 'event',
        fallbackReason: reasons.join('; ')
      }
    : { workflow, fallbackReason: reasons.join('; ') }
}

/** The file's path in the workspace, when the workspace holds this repository's checkout. */
function checkedOutFile(workflow: WorkflowRef, env: NodeJS.ProcessEnv): string | undefined {
  const workspace = env['GITHUB_WORKSPACE']
  if (!workspace || env['GITHUB_REPOSITORY'] !== `${workflow.owner}/${workflow.repo}`)
    return undefined
  const file = join(workspace, workflow.path)
  try {
    return statSync(file).isFile() ? file : undefined
  } catch {
    return undefined
  }
}

/** The file's text, refused past MAX_WORKFLOW_BYTES before a byte of it is read. */
function readCapped(file: string): string {
  const { size } = statSync(file)
  if (size > MAX_WORKFLOW_BYTES)
    throw new Error(`is ${size} bytes, more than the ${MAX_WORKFLOW_BYTES} read at most`)
  return readFileSync(file, 'utf8')
}

/** The schedules of a workflow file; [] when it has none; undefined when it is not YAML. */
export async function schedulesIn(text: string): Promise<Schedule[] | undefined> {
  const { parse } = await import('yaml')
  let doc: unknown
  try {
    // Duplicate-key checks are quadratic in the keys of a mapping (20 s for 1 MiB); GitHub
    // rejects such a file anyway. Errors throw; warnings, which quote the file, are not printed.
    doc = parse(text, { uniqueKeys: false, logLevel: 'error' })
  } catch {
    return undefined
  }
  const top = (doc ?? {}) as Record<string, unknown>
  // Under `%YAML 1.1` the key `on` is the boolean true; GitHub still reads it as `on`.
  const on = top['on'] ?? top['true']
  const entries = (on as Record<string, unknown> | null)?.['schedule']
  if (!Array.isArray(entries)) return []
  return entries.flatMap(entry => {
    const { cron, timezone } = (entry ?? {}) as Record<string, unknown>
    if (typeof cron !== 'string') return []
    return [typeof timezone === 'string' ? { cron, timezone } : { cron }]
  })
}

/** The `schedule` of a schedule event's payload: the cron that fired this run. */
function cronThatFired(eventPath: string | undefined): string | undefined {
  if (!eventPath) return undefined
  try {
    const event = JSON.parse(readFileSync(eventPath, 'utf8')) as { schedule?: unknown }
    return typeof event.schedule === 'string' ? event.schedule : undefined
  } catch {
    return undefined
  }
}
