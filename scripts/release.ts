/**
 * `npm run release -- <x.y.z | major | minor | patch> [--dry-run]`: turns CHANGELOG.md's
 * Unreleased section into the new version's, bumps package.json and package-lock.json, and
 * prints the git commands that publish it. It never commits, tags or pushes by itself: the
 * person running it reads the commands first.
 *
 * `npm run release -- --notes <vX.Y.Z>` (used by the release workflow) checks that the tag
 * matches package.json and prints that version's CHANGELOG section, the release notes.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../__tests__/fakes/run-action.js'

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/

export class ReleaseError extends Error {}

export interface ReleasePlan {
  version: string
  changelog: string
  commands: string[]
}

/** The next version: an explicit x.y.z above the current one, or a bump of one part. */
export function nextVersion(current: string, wanted: string): string {
  const [major, minor, patch] = parse(current)
  if (wanted === 'major') return `${major + 1}.0.0`
  if (wanted === 'minor') return `${major}.${minor + 1}.0`
  if (wanted === 'patch') return `${major}.${minor}.${patch + 1}`
  const next = parse(wanted.replace(/^v/, ''))
  const order = next.map((part, i) => part - [major, minor, patch][i]!).find(diff => diff !== 0)
  if (order === undefined || order < 0)
    throw new ReleaseError(`${wanted} is not above the current version ${current}.`)
  return next.join('.')
}

function parse(version: string): [number, number, number] {
  const match = SEMVER.exec(version)
  if (!match) throw new ReleaseError(`"${version}" is not a version of the form 1.2.3.`)
  return [Number(match[1]), Number(match[2]), Number(match[3])]
}

const DEFAULT_REPOSITORY = 'https://github.com/your-org/tableau-pat-keepalive'

/** package.json's repository as a browsable https address (git+https://…/x.git -> https://…/x). */
export function repositoryUrl(field: { url?: string } | string | undefined): string {
  const url = typeof field === 'string' ? field : field?.url
  if (!url) return DEFAULT_REPOSITORY
  return url
    .replace(/^git\+/, '')
    .replace(/\.git$/, '')
    .replace(/^github:/, 'https://github.com/')
}

/** The changelog with Unreleased's entries moved under the new version, and an empty Unreleased. */
export function releaseChangelog(
  changelog: string,
  version: string,
  date: string,
  repository = DEFAULT_REPOSITORY
): string {
  if (sectionOf(changelog, version) !== undefined)
    throw new ReleaseError(`CHANGELOG.md already has a section for ${version}.`)
  const unreleased = sectionOf(changelog, 'Unreleased')
  if (unreleased === undefined)
    throw new ReleaseError('CHANGELOG.md has no "## [Unreleased]" section.')
  if (!/^\s*[-*] /m.test(unreleased))
    throw new ReleaseError(
      'CHANGELOG.md\'s Unreleased section lists no change: add what this release changes (under "### Added", "### Fixed", ...) first.'
    )
  const previous = /^## \[(\d+\.\d+\.\d+)\]/m.exec(changelog)?.[1]
  const compare = (from: string, to: string): string => `${repository}/compare/${from}...${to}`
  return changelog
    .replace('## [Unreleased]\n', `## [Unreleased]\n\n## [${version}] - ${date}\n`)
    .replace(
      /^\[Unreleased\]: .*$/m,
      `[Unreleased]: ${compare(`v${version}`, 'HEAD')}\n[${version}]: ${compare(`v${previous}`, `v${version}`)}`
    )
}

/** The text under `## [name]`, up to the next `## ` heading; undefined when there is none. */
export function sectionOf(changelog: string, name: string): string | undefined {
  const lines = changelog.split('\n')
  const start = lines.findIndex(line => line.startsWith(`## [${name}]`))
  if (start < 0) return undefined
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '))
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .replace(/\n\[[^\]]+\]: .*$/gm, '')
    .trim()
}

export function planRelease(
  current: string,
  wanted: string,
  changelog: string,
  repository = DEFAULT_REPOSITORY
): ReleasePlan {
  const version = nextVersion(current, wanted)
  // Semantic versioning: new or changed behaviour is a minor release at least.
  const unreleased = sectionOf(changelog, 'Unreleased') ?? ''
  if (wanted === 'patch' && /^### (Added|Changed)\s*\n\s*[-*] /m.test(unreleased))
    throw new ReleaseError(
      'CHANGELOG.md\'s Unreleased section has "Added" or "Changed" entries: that is a minor release (npm run release -- minor), not a patch.'
    )
  const date = new Date().toISOString().slice(0, 10)
  return {
    version,
    changelog: releaseChangelog(changelog, version, date, repository),
    commands: [
      'npm ci && npm run build && npm test',
      'git add CHANGELOG.md package.json package-lock.json dist',
      `git commit -m "Release v${version}"`,
      `git tag -a v${version} -m "v${version}"`,
      `git push origin main v${version}`,
      `# The release workflow then checks the tag, publishes the release and moves v${version.split('.')[0]} to it.`
    ]
  }
}

/** For the release workflow: the tag must name package.json's version and CHANGELOG must have it. */
export function releaseNotes(tag: string, packageVersion: string, changelog: string): string {
  const version = tag.replace(/^refs\/tags\//, '').replace(/^v/, '')
  if (version !== packageVersion)
    throw new ReleaseError(
      `The tag ${tag} does not match package.json's version ${packageVersion}: run npm run release first.`
    )
  const notes = sectionOf(changelog, version)
  if (!notes) throw new ReleaseError(`CHANGELOG.md has no section "## [${version}]" with notes.`)
  return notes
}

/** Runs the helper on the repository at `root`, printing to `out`. */
export function release(args: string[], root: string, out: (text: string) => void): void {
  const read = (file: string): string => readFileSync(join(root, file), 'utf8')
  const pkg = JSON.parse(read('package.json')) as {
    version: string
    repository?: { url?: string } | string
  }
  if (args[0] === '--notes') {
    out(`${releaseNotes(args[1] ?? '', pkg.version, read('CHANGELOG.md'))}\n`)
    return
  }
  const dryRun = args.includes('--dry-run')
  const wanted = args.find(arg => !arg.startsWith('--'))
  if (!wanted)
    throw new ReleaseError('Usage: npm run release -- <x.y.z | major | minor | patch> [--dry-run]')
  const plan = planRelease(pkg.version, wanted, read('CHANGELOG.md'), repositoryUrl(pkg.repository))
  if (!dryRun) {
    writeFileSync(join(root, 'CHANGELOG.md'), plan.changelog)
    for (const file of ['package.json', 'package-lock.json']) {
      // Only the project's own version fields: the top one, and the lock file's root package.
      const text = read(file).replace(
        /^(\s*"version": )"[^"]+"/gm,
        (line, prefix: string, offset: number, all: string) =>
          offset < all.indexOf('"dependencies"') ? `${prefix}"${plan.version}"` : line
      )
      writeFileSync(join(root, file), text)
    }
  }
  out(
    `${dryRun ? 'Dry run: nothing was written. ' : ''}Release ${pkg.version} -> ${plan.version}: ` +
      `${dryRun ? 'would move' : 'moved'} CHANGELOG.md's Unreleased entries under [${plan.version}] and ` +
      `${dryRun ? 'would set' : 'set'} the version in package.json and package-lock.json.\n` +
      `Then run, after reading the diff:\n${plan.commands.map(command => `  ${command}`).join('\n')}\n`
  )
}

if (process.argv[1]?.endsWith('release.js')) {
  try {
    release(process.argv.slice(2), REPO_ROOT, text => process.stdout.write(text))
  } catch (err) {
    process.stderr.write(`release: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exitCode = 1
  }
}
