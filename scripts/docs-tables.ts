/**
 * `npm run docs`: the README's Inputs and Outputs tables, generated from action.yml (as
 * action-docs and similar tools do), between marker comments. A unit test fails when the README
 * and action.yml disagree, so the tables cannot drift from what the action declares.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export interface ActionMetadata {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>
  outputs: Record<string, { description: string }>
}

/** A table cell: one line, with `|` escaped as GFM tables need. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|')
}

function defaultOf(input: ActionMetadata['inputs'][string]): string {
  if (input.required) return 'required'
  return input.default === undefined || input.default === '' ? "`''`" : `\`${input.default}\``
}

export function inputsTable(action: ActionMetadata): string {
  return [
    '| Input | Default | Description |',
    '| --- | --- | --- |',
    ...Object.entries(action.inputs).map(
      ([name, input]) => `| \`${name}\` | ${defaultOf(input)} | ${cell(input.description)} |`
    )
  ].join('\n')
}

export function outputsTable(action: ActionMetadata): string {
  return [
    '| Output | Description |',
    '| --- | --- |',
    ...Object.entries(action.outputs).map(
      ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`
    )
  ].join('\n')
}

/**
 * The README with each generated region rewritten. Prettier leaves the regions alone: it would
 * pad every column to the widest cell, tripling the tables' size.
 */
export function withTables(readme: string, action: ActionMetadata): string {
  const regions: Array<[string, string]> = [
    ['inputs', inputsTable(action)],
    ['outputs', outputsTable(action)]
  ]
  let text = readme
  for (const [name, table] of regions) {
    const start = `<!-- generated: ${name} from action.yml by npm run docs -->`
    const end = `<!-- end of generated ${name} -->`
    const pattern = new RegExp(`${escape(start)}[\\s\\S]*?${escape(end)}`)
    if (!pattern.test(text)) throw new Error(`README.md has no region for the ${name} table`)
    const region = [
      start,
      '<!-- prettier-ignore-start -->',
      table,
      '<!-- prettier-ignore-end -->',
      end
    ].join('\n')
    text = text.replace(pattern, () => region)
  }
  return text
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export function readAction(root: string): ActionMetadata {
  return parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionMetadata
}

// Run as a script: rewrite README.md in place.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(fileURLToPath(import.meta.url), '..', '..', '..')
  const readmePath = join(root, 'README.md')
  const before = readFileSync(readmePath, 'utf8')
  const after = withTables(before, readAction(root))
  writeFileSync(readmePath, after)
  process.stderr.write(
    before === after ? 'docs: README.md is up to date\n' : 'docs: README.md tables rewritten\n'
  )
}
