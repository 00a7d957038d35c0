/**
 * The keeper looks after its own workflow, beside the Tableau work: it checks the workflow's
 * schedule (check-schedule) and re-enables the workflow (keep-workflow-enabled), so that a
 * keepalive that would stop running says so, or does not stop. GitHub trouble here is a warning,
 * never a change of the keepalive result, and every call stays within (retries + 1) x timeout.
 */
import { describe, workflowApi, type WorkflowApi } from '../github/workflow-api.js'
import type { Settings } from '../config/inputs.js'
import { SCHEDULE_TITLE, type ScheduleVerdict } from '../schedule/verdict.js'
import { parseWorkflowRef } from '../schedule/workflow-ref.js'
import type { Annotation } from '../core/types.js'
import { messageOf } from '../core/error-text.js'

export interface KeeperReport {
  verdict?: ScheduleVerdict
  annotations: Annotation[]
}

export async function lookAfterWorkflow(
  settings: Settings,
  env: NodeJS.ProcessEnv,
  now: Date,
  /** The Tableau work: the schedule check parses nothing before it has finished. */
  settled: Promise<unknown> = Promise.resolve()
): Promise<KeeperReport> {
  // GitHub calls are made only when one is due; each stays within (retries + 1) x timeout.
  let api: WorkflowApi | undefined
  const github = (): WorkflowApi =>
    (api ??= workflowApi(settings.githubToken, settings.tokens[0]!, env))
  const [verdict, enabled] = await Promise.all([
    settings.checkSchedule
      ? // Loaded only when it runs, and now: it compiles while the Tableau requests are in flight.
        import('../schedule/check.js')
          .then(({ checkSchedule }) =>
            checkSchedule(
              env,
              settings.githubToken ? workflow => github().readFile(workflow) : undefined,
              now,
              settled,
              Math.min(...settings.tokens.map(token => token.idleDays))
            )
          )
          .catch((err: unknown) => failedCheck(err))
      : undefined,
    settings.keepWorkflowEnabled ? enableWorkflow(env, github) : []
  ]).finally(() => api?.close())
  return { verdict, annotations: [...(verdict?.annotations ?? []), ...enabled] }
}

function failedCheck(err: unknown): ScheduleVerdict {
  return {
    annotations: [
      {
        level: 'warning',
        title: SCHEDULE_TITLE,
        message: `Schedule not checked: ${messageOf(err)}.`
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
  github: () => WorkflowApi
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
    await github().enable(workflow)
    return []
  } catch (err) {
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
