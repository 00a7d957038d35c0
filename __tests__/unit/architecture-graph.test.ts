/** CONTRIBUTING's layer graph is the one dependency-cruiser generates, so it cannot go stale. */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../fakes/run-action.js'

/** The edges of a mermaid flowchart, by node label ("token-->tableau"), sorted. */
function edges(mermaid: string): string[] {
  const labels = new Map(
    [...mermaid.matchAll(/^(\w+)\["([^"]+)"\]$/gm)].map(([, id, label]) => [id, label])
  )
  return [...mermaid.matchAll(/^(\w+)-->(\w+)$/gm)]
    .map(([, from, to]) => `${labels.get(from)}-->${labels.get(to)}`)
    .sort()
}

test('the graph in CONTRIBUTING.md equals npm run graph', () => {
  // The same command the contributors run, so the test follows the script if it changes.
  const generated = execFileSync('npm', ['run', '--silent', 'graph'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000
  })
  const contributing = readFileSync(join(REPO_ROOT, 'CONTRIBUTING.md'), 'utf8')
  const drawn = /```mermaid\n([\s\S]*?)```/.exec(contributing)?.[1] ?? ''
  expect(edges(generated).length).toBeGreaterThan(10)
  expect(edges(drawn)).toEqual(edges(generated))
})
