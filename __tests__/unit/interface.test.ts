/** action.yml, the code and the README agree on the public interface. */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { readSettings } from '../../src/config/inputs.js'
import { outputsWithoutResult } from '../../src/report/outputs.js'

const root = new URL('../../', import.meta.url)
const action = parse(readFileSync(new URL('action.yml', root), 'utf8')) as {
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
  name: string
  description: string
  branding: { icon: string; color: string }
}
const readme = readFileSync(new URL('README.md', root), 'utf8')

/** Every input name readSettings asks for, across one token, a tokens list and issues. */
async function inputsRead(): Promise<Set<string>> {
  const asked = new Set<string>()
  const read = async (values: Record<string, string>) =>
    readSettings({ get: name => (asked.add(name), values[name] ?? ''), mask: () => {} })
  await read({
    'server-url': 'https://a.example.com',
    'token-name': 'a',
    'token-secret': 'b',
    'open-issue': 'true',
    'github-token': 'x',
    'watch-site-tokens': 'true'
  })
  await read({ 'server-url': 'https://a.example.com', tokens: '- {name: a, secret: b}' })
  return asked
}

describe('the public interface', () => {
  it('declares exactly the inputs the code reads, each described', async () => {
    expect([...(await inputsRead())].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const input of Object.values(action.inputs)) {
      expect(input.description.length).toBeGreaterThan(20)
    }
  })

  it('declares exactly the outputs the code sets, each described', () => {
    expect(Object.keys(outputsWithoutResult()).sort()).toEqual(Object.keys(action.outputs).sort())
    for (const output of Object.values(action.outputs))
      expect(output.description.length).toBeGreaterThan(10)
  })

  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('fits the Marketplace: a name, a description of at most 125 characters, valid branding', () => {
    expect(action.name.length).toBeGreaterThan(0)
    expect(action.description.length).toBeGreaterThan(20)
    expect(action.description.length).toBeLessThanOrEqual(125)
    // Feather icons GitHub accepts for branding (a few of its list; this action uses one of them).
    expect(['clock', 'refresh-cw', 'key', 'shield', 'bell', 'check-circle']).toContain(
      action.branding.icon
    )
    expect([
      'white',
      'black',
      'yellow',
      'blue',
      'green',
      'orange',
      'red',
      'purple',
      'gray-dark'
    ]).toContain(action.branding.color)
  })

  it('documents every input and output in the README tables', () => {
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) {
      expect(readme).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'))
    }
  })
})
