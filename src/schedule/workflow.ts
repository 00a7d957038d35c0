/**
 * Which schedules the running workflow has: every `on.schedule[].cron` (with its `timezone:`) of
 * the workflow file named by GITHUB_WORKFLOW_REF, read from the workspace when it is checked out
 * there, else through the contents API; failing both, the one cron that fired, from the event.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Schedule } from './gap.js'

export interface WorkflowRef {
  owner: string
  repo: string
  /** e.g. .github/workflows/keepalive.yml */
  path: string
  ref: string
}

export type ScheduleSource = 'workspace' | 'contents-api' | 'event'

export interface WorkflowSchedules {
  workflow?: WorkflowRef
  /** Undefined when no schedule could be found at all. */
  schedules?: Schedule[]
  source?: ScheduleSource
  /** Why the file could not be read, when the event's cron had to do. */
  fallbackReason?: string
}

/** `owner/repo/.github/workflows/file.yml@refs/heads/main` -> its parts. */
export function parseWorkflowRef(value: string | undefined): WorkflowRef | undefined {
  const match = /^([^/]+)\/([^/]+)\/(\.github\/workflows\/[^@]+\.ya?ml)@(.+)$/.exec(value ?? '')
  return match ? { owner: match[1]!, repo: match[2]!, path: match[3]!, ref: match[4]! } : undefined
}

/** Reads a file of the repository through the contents API; throws with a reason. */
export type ContentsReader = (workflow: WorkflowRef) => Promise<string>

export async function readWorkflowSchedules(
  env: NodeJS.ProcessEnv,
  readContents: ContentsReader | undefined
): Promise<WorkflowSchedules> {
  const workflow = parseWorkflowRef(env['GITHUB_WORKFLOW_REF'])
  const reasons: string[] = []
  if (workflow) {
    const local = fromWorkspace(workflow, env)
    if (local !== undefined) {
      const parsed = await schedulesIn(local)
      if (parsed) return { workflow, schedules: parsed, source: 'workspace' }
      reasons.push(`the checked-out ${workflow.path} is not valid YAML`)
    } else if (readContents) {
      // The YAML parser is not preloaded during the fetch: a module evaluated while Tableau
      // answers delays the sign-out more than loading it after the file arrives (measured).
      try {
        const text = await readContents(workflow)
        // The file often lands beside Tableau's answer: let that answer (and the next request)
        // go first, so parsing and measuring overlap a round trip instead of delaying one.
        await new Promise(resolve => setImmediate(resolve))
        const parsed = await schedulesIn(text)
        if (parsed) return { workflow, schedules: parsed, source: 'contents-api' }
        reasons.push(`${workflow.path} is not valid YAML`)
      } catch (err) {
        reasons.push(err instanceof Error ? err.message : String(err))
      }
    } else {
      reasons.push('it is not checked out and github-token is empty')
    }
  } else {
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

/** The file from the workspace, when the workspace holds this repository's checkout. */
function fromWorkspace(workflow: WorkflowRef, env: NodeJS.ProcessEnv): string | undefined {
  const workspace = env['GITHUB_WORKSPACE']
  if (!workspace || env['GITHUB_REPOSITORY'] !== `${workflow.owner}/${workflow.repo}`)
    return undefined
  const file = join(workspace, workflow.path)
  try {
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined
  } catch {
    return undefined
  }
}

/** The schedules of a workflow file; [] when it has none; undefined when it is not YAML. */
export async function schedulesIn(text: string): Promise<Schedule[] | undefined> {
  const { parse } = await import('yaml')
  let doc: unknown
  try {
    doc = parse(text)
  } catch {
    return undefined
  }
  const on = (doc as Record<string, unknown> | null)?.['on']
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
