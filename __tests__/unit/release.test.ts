/** The release helper: a dry run prints the right commands and writes nothing; it never pushes. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from '../fakes/run-action.js'
import {
  ReleaseError,
  planRelease,
  repositoryUrl,
  nextVersion,
  release,
  releaseNotes,
  sectionOf
} from '../../scripts/release.js'

let root: string
const read = (file: string): string => readFileSync(join(root, file), 'utf8')
const current = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
).version

/** The repository's CHANGELOG with the Unreleased section holding just `entries`. */
const changelogWith = (entries: string): string =>
  readFileSync(join(REPO_ROOT, 'CHANGELOG.md'), 'utf8').replace(
    /## \[Unreleased\]\n[\s\S]*?(?=## \[)/,
    `## [Unreleased]\n\n${entries}`
  )

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pat-release-'))
  for (const file of ['package.json', 'package-lock.json'])
    copyFileSync(join(REPO_ROOT, file), join(root, file))
  writeFileSync(join(root, 'CHANGELOG.md'), changelogWith('### Fixed\n\n- A fix.\n\n'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

function run(args: string[]): string {
  let out = ''
  release(args, root, text => (out += text))
  return out
}

describe('release helper', () => {
  it('the repository CHANGELOG has a section for the current version, with notes', () => {
    const changelog = readFileSync(join(REPO_ROOT, 'CHANGELOG.md'), 'utf8')
    expect(releaseNotes(`v${current}`, current, changelog)).toContain('### Added')
  })

  it('a dry run prints the commands for the next patch and writes nothing', () => {
    const before = ['package.json', 'package-lock.json', 'CHANGELOG.md'].map(read)
    const next = nextVersion(current, 'patch')
    const out = run(['patch', '--dry-run'])
    expect(out).toContain(`Dry run: nothing was written. Release ${current} -> ${next}`)
    expect(out.split('\n').map(line => line.trim())).toEqual(
      expect.arrayContaining([
        'npm ci && npm run build && npm test',
        'git add CHANGELOG.md package.json package-lock.json dist',
        `git commit -m "Release v${next}"`,
        `git tag -a v${next} -m "v${next}"`,
        `git push origin main v${next}`
      ])
    )
    expect(['package.json', 'package-lock.json', 'CHANGELOG.md'].map(read)).toEqual(before)
  })

  it('a real run moves the Unreleased entries under the version and bumps both version fields', () => {
    run(['2.0.0'])
    expect(JSON.parse(read('package.json')).version).toBe('2.0.0')
    const lock = JSON.parse(read('package-lock.json'))
    expect([lock.version, lock.packages[''].version]).toEqual(['2.0.0', '2.0.0'])
    // Dependencies keep their own versions.
    expect(lock.packages['node_modules/yaml'].version).not.toBe('2.0.0')
    const changelog = read('CHANGELOG.md')
    expect(sectionOf(changelog, 'Unreleased')).toBe('')
    expect(sectionOf(changelog, '2.0.0')).toBe('### Fixed\n\n- A fix.')
    expect(changelog).toContain(
      `[2.0.0]: https://github.com/your-org/tableau-pat-keepalive/compare/v${current}...v2.0.0`
    )
    expect(releaseNotes('v2.0.0', '2.0.0', changelog)).toBe('### Fixed\n\n- A fix.')
  })

  it.each([
    [['0.0.1'], 'is not above the current version'],
    [['1.2'], 'is not a version of the form 1.2.3'],
    [[], 'Usage: npm run release']
  ])('refuses %j', (args, message) => {
    expect(() => run(args)).toThrow(message)
  })

  it('refuses a release with no entry under Unreleased', () => {
    writeFileSync(join(root, 'CHANGELOG.md'), changelogWith(''))
    expect(() => run(['patch'])).toThrow('Unreleased section lists no change')
  })

  it('--notes refuses a tag that does not match package.json', () => {
    expect(() => run(['--notes', 'v9.9.9'])).toThrow(ReleaseError)
    expect(run(['--notes', `v${current}`])).toContain('### Added')
  })
})

describe('the release helper follows semantic versioning and the repository field', () => {
  const changelog = [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    '### Added',
    '',
    '- A new input.',
    '',
    '## [1.0.0] - 2026-11-25',
    '',
    '- First.',
    '',
    '[Unreleased]: https://github.com/x/y/compare/v1.0.0...HEAD',
    '[1.0.0]: https://github.com/x/y/releases/tag/v1.0.0',
    ''
  ].join('\n')

  it('refuses a patch release of Added or Changed entries, and plans the minor one', () => {
    expect(() => planRelease('1.0.0', 'patch', changelog)).toThrow('that is a minor release')
    const plan = planRelease('1.0.0', 'minor', changelog, 'https://github.com/acme/pat-keepalive')
    expect(plan.version).toBe('1.1.0')
    expect(plan.changelog).toContain(
      '[1.1.0]: https://github.com/acme/pat-keepalive/compare/v1.0.0...v1.1.0'
    )
  })

  it('reads the repository field as a browsable address', () => {
    expect(repositoryUrl({ url: 'git+https://github.com/acme/pat-keepalive.git' })).toBe(
      'https://github.com/acme/pat-keepalive'
    )
    expect(repositoryUrl('github:acme/x')).toBe('https://github.com/acme/x')
  })
})
