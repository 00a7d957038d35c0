/**
 * Which workflow file is running (GITHUB_WORKFLOW_REF): a few lines every run needs, apart from
 * the schedule check, which is loaded only when it runs.
 */

export interface WorkflowRef {
  owner: string
  repo: string
  /** e.g. .github/workflows/keepalive.yml */
  path: string
  ref: string
  /** GITHUB_WORKFLOW_SHA: the commit the run's workflow file came from, read in preference to the ref. */
  sha?: string
}

/** `owner/repo/.github/workflows/file.yml@refs/heads/main` -> its parts. */
export function parseWorkflowRef(value: string | undefined, sha?: string): WorkflowRef | undefined {
  const match = /^([^/]+)\/([^/]+)\/(\.github\/workflows\/[^@]+\.ya?ml)@(.+)$/.exec(value ?? '')
  if (!match) return undefined
  const ref = { owner: match[1]!, repo: match[2]!, path: match[3]!, ref: match[4]! }
  return sha && /^[0-9a-f]{40,64}$/i.test(sha) ? { ...ref, sha } : ref
}
