/**
 * The two GitHub calls about the running workflow itself: read its file (contents API, when the
 * workspace has no checkout) and enable it (so that GitHub's 60-day auto-disable never stops the
 * keepalive). Plain REST over the action's own HTTP stack (proxy, timeout, retries, 1 MiB cap):
 * loading Octokit would cost a scheduled run more than the call itself. Failures become warnings.
 */
import { HttpTransport } from '../tableau/http.js'
import { DEFAULT_RETRY_POLICY, sendWithRetries } from '../tableau/retry.js'
import type { WorkflowRef } from '../schedule/workflow-ref.js'

export interface WorkflowApi {
  readFile(workflow: WorkflowRef): Promise<string>
  enable(workflow: WorkflowRef): Promise<void>
  close(): void
}

/** A GitHub answer that was not a success: its status and GitHub's own message. */
export class GitHubApiError extends Error {
  constructor(
    readonly status: number | undefined,
    message: string
  ) {
    super(message)
  }
}

export function workflowApi(
  githubToken: string,
  { timeoutMs, retries }: { timeoutMs: number; retries: number },
  env: NodeJS.ProcessEnv
): WorkflowApi {
  const transport = new HttpTransport(timeoutMs)
  const api = apiBase(env['GITHUB_API_URL'])
  const call = async (method: 'GET' | 'PUT', path: string, accept: string): Promise<string> => {
    const sent = await sendWithRetries(
      transport,
      {
        method,
        url: new URL(`${api.pathname.replace(/\/$/, '')}${path}`, api),
        headers: {
          Authorization: `token ${githubToken}`,
          Accept: accept,
          'X-GitHub-Api-Version': '2022-11-28'
        },
        ...(method === 'PUT' ? { body: '' } : {})
      },
      { ...DEFAULT_RETRY_POLICY, retries }
    )
    if ('failure' in sent) throw new GitHubApiError(undefined, sent.failure.message)
    const { status, body } = sent.res
    if (status >= 200 && status < 300) return body
    throw new GitHubApiError(status, messageOf(body))
  }
  const repository = (workflow: WorkflowRef): string =>
    `/repos/${encodeURIComponent(workflow.owner)}/${encodeURIComponent(workflow.repo)}`
  return {
    async readFile(workflow) {
      const path = workflow.path.split('/').map(encodeURIComponent).join('/')
      try {
        return await call(
          'GET',
          `${repository(workflow)}/contents/${path}?ref=${encodeURIComponent(workflow.sha ?? workflow.ref)}`,
          'application/vnd.github.raw+json'
        )
      } catch (err) {
        // A private repository answers 404, not 403, to a token without contents: read.
        const hint =
          (err as { status?: unknown }).status === 404
            ? ': give the job "permissions: contents: read", or check out the repository'
            : ''
        throw new Error(`the contents API answered ${describe(err)}${hint}`)
      }
    },
    async enable(workflow) {
      const file = encodeURIComponent(workflow.path.split('/').pop()!)
      await call(
        'PUT',
        `${repository(workflow)}/actions/workflows/${file}/enable`,
        'application/vnd.github+json'
      )
    },
    close: () => transport.close()
  }
}

/** The API when GITHUB_API_URL is unset: github.com's (GitHub Enterprise Server sets its own). */
export const GITHUB_COM_API = 'https://api.github.com'

/** GITHUB_API_URL, or github.com's API. */
function apiBase(value: string | undefined): URL {
  try {
    const url = new URL(value || GITHUB_COM_API)
    if (url.protocol === 'https:' || url.protocol === 'http:') return url
  } catch {
    // reported below
  }
  throw new GitHubApiError(undefined, 'GITHUB_API_URL is not an http(s) address')
}

/** GitHub's `message` from a JSON error body, on one line and short. */
function messageOf(body: string): string {
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message
    if (typeof message === 'string') return message.split('\n')[0]!.slice(0, 200)
  } catch {
    // not JSON: say nothing of the body
  }
  return 'no readable message'
}

export function describe(err: unknown): string {
  const status = (err as { status?: unknown }).status
  const message = err instanceof Error ? err.message.split('\n')[0]!.slice(0, 200) : String(err)
  return typeof status === 'number' ? `HTTP ${status}: ${message}` : message
}
