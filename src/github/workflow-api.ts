/**
 * The two GitHub calls about the running workflow itself: read its file (contents API, when the
 * workspace has no checkout) and enable it (so that GitHub's 60-day auto-disable never stops the
 * keepalive). Loaded only when one of them is needed; failures become warnings.
 */
import { getOctokit } from '@actions/github'
import type { WorkflowRef } from '../schedule/workflow.js'

export interface WorkflowApi {
  readFile(workflow: WorkflowRef): Promise<string>
  enable(workflow: WorkflowRef): Promise<void>
}

export function workflowApi(
  githubToken: string,
  timeoutMs: number,
  budget: AbortSignal
): WorkflowApi {
  const octokit = getOctokit(githubToken)
  const request = (): { signal: AbortSignal } => ({
    signal: AbortSignal.any([budget, AbortSignal.timeout(timeoutMs)])
  })
  return {
    async readFile(workflow) {
      try {
        const response = await octokit.rest.repos.getContent({
          owner: workflow.owner,
          repo: workflow.repo,
          path: workflow.path,
          ref: workflow.ref,
          mediaType: { format: 'raw' },
          request: request()
        })
        return String(response.data)
      } catch (err) {
        throw new Error(`the contents API answered ${describe(err)}`)
      }
    },
    async enable(workflow) {
      await octokit.rest.actions.enableWorkflow({
        owner: workflow.owner,
        repo: workflow.repo,
        workflow_id: workflow.path.split('/').pop()!,
        request: request()
      })
    }
  }
}

export function describe(err: unknown): string {
  const status = (err as { status?: unknown }).status
  const message = err instanceof Error ? err.message.split('\n')[0]!.slice(0, 200) : String(err)
  return typeof status === 'number' ? `HTTP ${status}: ${message}` : message
}
