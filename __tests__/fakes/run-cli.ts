/** Runs the built command-line entry point (dist/cli/index.js) as a child process. */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { REPO_ROOT } from './run-action.js'

export const CLI = join(REPO_ROOT, 'dist', 'cli', 'index.js')

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

export async function spawnCli(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string } = {}
): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  child.stdin.end(options.stdin ?? '')
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000)
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  clearTimeout(killer)
  return { code, stdout, stderr }
}
