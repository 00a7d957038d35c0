/**
 * The keeper looks after its own workflow, beside the Tableau work: it checks the workflow's
 * schedule (check-schedule) and re-enables the workflow (keep-workflow-enabled), so that a
 * keepalive that would stop running says so, or does not stop. GitHub trouble here is a warning,
 * never a change of the keepalive result, and all of it shares one deadline.
 */
import type { WorkflowApi } from './github/workflow-api.js'
import type { Settings } from './inputs.js'
import type { Annotation } from './report/annotations.js'
import { checkSchedule, SCHEDULE_TITLE, type ScheduleVerdict } from './schedule/check.js'
import { parseWorkflowRef } from './schedule/workflow.js'

export interface KeeperReport {
  verdict?: ScheduleVerdict
  annotations: Annotation[]
}

export async function lookAfterWorkflow(
  settings: Settings,
  env: NodeJS.ProcessEnv,
  now: Date
): Promise<KeeperReport> {
  const { timeoutMs, retries } = settings.tokens[0]!
  const budget = AbortSignal.timeout((retries + 1) * timeoutMs)
  // Octokit is loaded only when a GitHub call is due.
  let api: Promise<WorkflowApi> | undefined
  const github = (): Promise<WorkflowApi> =>
    (api ??= import('./github/workflow-api.js').then(m =>
      m.workflowApi(settings.githubToken, timeoutMs, budget)
    ))
  const [verdict, enabled] = await Promise.all([
    settings.checkSchedule
      ? checkSchedule(
          env,
          settings.githubToken ? async workflow => (await github()).readFile(workflow) : undefined,
          now
        ).catch((err: unknown) => failedCheck(err))
      : undefined,
    settings.keepWorkflowEnabled ? enableWorkflow(env, github) : []
  ])
  return { verdict, annotations: [...(verdict?.annotations ?? []), ...enabled] }
}

function failedCheck(err: unknown): ScheduleVerdict {
  return {
    annotations: [
      {
        level: 'warning',
        title: SCHEDULE_TITLE,
        message: `Schedule not checked: ${err instanceof Error ? err.message : String(err)}.`
      }
    ]
  }
}

/**
 * GitHub disables scheduled workflows of public repositories after 60 days without activity;
 * enabling an enabled workflow is harmless, and resets nothing else.
 */
async function enableWorkflow(
  env: NodeJS.ProcessEnv,
  github: () => Promise<WorkflowApi>
): Promise<Annotation[]> {
  const workflow = parseWorkflowRef(env['GITHUB_WORKFLOW_REF'])
  const warn = (message: string): Annotation[] => [
    { level: 'warning', title: 'Workflow not re-enabled', message }
  ]
  if (!workflow)
    return warn(
      'keep-workflow-enabled: GITHUB_WORKFLOW_REF does not name a workflow file, so there was nothing to enable.'
    )
  try {
    await (await github()).enable(workflow)
    return []
  } catch (err) {
    const { describe } = await import('./github/workflow-api.js')
    const status = (err as { status?: unknown }).status
    const hint =
      status === 403 || status === 404
        ? 'Give the job "permissions: actions: write" (and, if github-token is set, a token that may manage workflows).'
        : 'GitHub may be unavailable: the next run will try again.'
    return warn(
      `Could not enable ${workflow.path} (${describe(err)}). ${hint} The keepalive result is unchanged.`
    )
  }
}
