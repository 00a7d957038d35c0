/**
 * The environment the runner gives an action in a job, pointed at a fake GitHub API: shared by the
 * end-to-end tests so that each says only how its job differs.
 */
export interface RunnerEnvOptions {
  /** The running workflow file; omitted, the job names none (GITHUB_WORKFLOW_REF unset). */
  workflow?: string
  /** GITHUB_EVENT_NAME; omitted, unset. */
  event?: 'schedule' | 'workflow_dispatch' | 'push' | 'pull_request'
  runId?: string
}

export function runnerEnv(
  github: { url: string; repository: string },
  { workflow, event, runId = '4242' }: RunnerEnvOptions = {}
): Record<string, string> {
  return {
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: github.repository,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: runId,
    ...(workflow
      ? { GITHUB_WORKFLOW_REF: `${github.repository}/${workflow}@refs/heads/main` }
      : {}),
    ...(event ? { GITHUB_EVENT_NAME: event } : {})
  }
}
