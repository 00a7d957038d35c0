/**
 * The README and the guides in docs/ (issue #31): the tables are action.yml's, every relative link
 * resolves, the guides and the README link both ways, and the README stays a front door.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { REPO_ROOT } from '../fakes/run-action.js'
import {
  inputsTable,
  outputsTable,
  readAction,
  withTables,
  type ActionMetadata
} from '../../scripts/docs-tables.js'

const README = join(REPO_ROOT, 'README.md')
const readme = readFileSync(README, 'utf8')
const action = readAction(REPO_ROOT)
const guides = readdirSync(join(REPO_ROOT, 'docs'))
  .filter(file => file.endsWith('.md'))
  .map(file => join(REPO_ROOT, 'docs', file))

/** The targets of the Markdown links of a file, outside code blocks. */
function links(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```$/gm, '')
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map(match => match[1]!)
}

describe('the Inputs and Outputs tables', () => {
  it('are what npm run docs generates from action.yml', () => {
    expect(withTables(readme, action)).toBe(readme)
  })

  it('have one row per input and output, with its default', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      const row = readme.split('\n').find(line => line.startsWith(`| \`${name}\` |`))
      const shown = input.required ? 'required' : `\`${input.default || "''"}\``
      expect(row?.split(' | ')[1]).toBe(shown)
    }
    for (const name of Object.keys(action.outputs)) expect(readme).toContain(`\n| \`${name}\` | `)
  })

  it('a name, a default or a row that differs from action.yml is caught', () => {
    const renamed: ActionMetadata = {
      ...action,
      inputs: { ...action.inputs, 'warn-days': { ...action.inputs['warn-days']!, default: '31' } }
    }
    expect(withTables(readme, renamed)).not.toBe(readme)
    const fewer = Object.fromEntries(
      Object.entries(action.outputs).filter(([name]) => name !== 'next-run')
    )
    expect(withTables(readme, { ...action, outputs: fewer })).not.toBe(readme)
    expect(inputsTable(action)).toContain('| `server-url` | required |')
    expect(outputsTable(action).split('\n')).toHaveLength(Object.keys(action.outputs).length + 2)
  })

  it('escapes a | in a description, so it cannot break the row', () => {
    const piped = { inputs: {}, outputs: { x: { description: 'a | b\n c' } } }
    expect(outputsTable(piped)).toContain('| `x` | a \\| b c |')
  })
})

describe('the README is a front door', () => {
  it('is at most 20,000 bytes, with the first workflow in its first 40 lines', () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(20_000)
    const lines = readme.split('\n')
    const firstWorkflow = lines.findIndex(line => line === 'jobs:')
    expect(firstWorkflow).toBeGreaterThan(0)
    expect(firstWorkflow).toBeLessThan(40)
    expect(lines).toEqual(expect.arrayContaining(['## Inputs', '## Outputs']))
  })

  it('links every guide, and every guide links back', () => {
    expect(guides.length).toBeGreaterThanOrEqual(3)
    const fromReadme = links(readme).map(target => resolve(REPO_ROOT, target.split('#')[0]!))
    for (const guide of guides) {
      expect(fromReadme).toContain(guide)
      const back = links(readFileSync(guide, 'utf8')).map(target =>
        resolve(dirname(guide), target.split('#')[0]!)
      )
      expect(back).toContain(README)
    }
  })
})

describe('every relative link resolves', () => {
  it.each([README, join(REPO_ROOT, 'CONTRIBUTING.md'), ...guides].map(file => [file]))(
    '%s',
    file => {
      const broken = links(readFileSync(file, 'utf8'))
        .filter(target => !/^[a-z]+:/i.test(target) && !target.startsWith('#'))
        .filter(target => !existsSync(resolve(dirname(file), target.split('#')[0]!)))
      expect(broken).toEqual([])
    }
  )
})
