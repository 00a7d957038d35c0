/**
 * Every text inert and every output bounded (issue #21), on the pure modules: what GitHub renders
 * of the job summary and issue bodies (parsed as CommonMark + GFM, asserted on the tree), globs
 * in linear time against a reference, clock skew, and the runner's annotation limits.
 */
import fc from 'fast-check'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmFromMarkdown } from 'mdast-util-gfm'
import { gfm } from 'micromark-extension-gfm'
import type { Node, Parent } from 'mdast'
import { summaryHtml } from '../../src/report/summary.js'
import { issueBody, issueTitle } from '../../src/github/issue-text.js'
import { stateOf } from '../../src/github/issue-marker.js'
import { fitMessage, withinRunnerLimits } from '../../src/report/annotations.js'
import { boundedResults, resultJson } from '../../src/report/outputs.js'
import { ANNOTATION_MESSAGE_MAX } from '../../src/report/runner-limits.js'
import { globMatches, watchedResult } from '../../src/token/watch.js'
import type { Annotation, TokenResult } from '../../src/core/types.js'
import { WATCH_ALL, signedIn } from '../fakes/results.js'
import {
  dotnetTrimStart,
  parseOutputFile,
  runnerCommands,
  unintendedCommands
} from '../fakes/run-action.js'

const RUNS = { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 200) }
const NOW = new Date('2026-11-30T12:00:00Z')

function tree(markdown: string): Parent {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] })
}

function nodes(node: Node): Node[] {
  return [node, ...((node as Parent).children ?? []).flatMap(nodes)]
}

const signer = signedIn({ message: 'Token refreshed.' })
const settings = WATCH_ALL
const watched = (tokenName: string, lastUsedAt?: string, expiresAt?: string): TokenResult =>
  watchedResult({ tokenName, lastUsedAt, expiresAt }, signer, settings, NOW)

/** Names a hostile token-list entry may carry: Markdown, HTML, mentions, bidi and line breaks. */
const hostileName = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ maxLength: 30, unit: 'binary' }),
  fc
    .array(
      fc.constantFrom(
        'md\n\n![px](http://127.0.0.1:1/px.png) [click](http://127.0.0.1:1/)',
        '\r\n\r\n# heading',
        '<img src=x onerror=alert(1)>',
        '</td></tr></table>\n\n<script>',
        '@octocat #1',
        '\u202eevil\u202c',
        '\u2028\u2029\u0085',
        '| pipe |',
        '`tick`',
        '::error::x',
        'plain'
      ),
      { minLength: 1, maxLength: 4 }
    )
    .map(parts => parts.join(''))
)

describe('what GitHub renders of outside text', () => {
  it('the job summary stays one HTML block: no image, link, heading or raw line break from a name', () => {
    fc.assert(
      fc.property(fc.array(hostileName, { minLength: 1, maxLength: 4 }), names => {
        const summary = summaryHtml([
          signer,
          ...names.map(name => watched(name, '2026-11-29T00:00:00Z', '2027-01-01T00:00:00Z'))
        ])
        const root = tree(summary)
        // One HTML block holds it all: a blank line from a name would end it and start Markdown.
        expect(root.children.map(child => child.type)).toEqual(['html'])
        for (const node of nodes(root)) expect(['root', 'html']).toContain(node.type)
        expect(summary).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u2028\u2029\u0085\r]/)
        expect(
          summary
            .trimEnd()
            .split('\n')
            .every(line => line.trim() !== '')
        ).toBe(true)
      }),
      RUNS
    )
  })

  it('an issue body shows server text only in code: no image, link, heading or mention from it', () => {
    fc.assert(
      fc.property(hostileName, hostileName, (name, message) => {
        const result = { ...watched(name, '2026-11-29T00:00:00Z', '2026-12-05T00:00:00Z'), message }
        const body = issueBody(
          result,
          stateOf(result, '0123456789abcdef', '.github/workflows/x.yml', NOW),
          {},
          NOW
        )
        const all = nodes(tree(body))
        expect(
          all.filter(n => ['image', 'link', 'linkReference', 'definition'].includes(n.type))
        ).toEqual([])
        // One heading, ours; its text from outside is in code.
        expect(all.filter(n => n.type === 'heading')).toHaveLength(1)
        // Outside text reaches only code spans and the marker comment: no plain text node holds
        // an @ or a # that came from the name or the message.
        const plain = all
          .filter(n => n.type === 'text')
          .map(n => (n as unknown as { value: string }).value)
          .join('\n')
        expect(plain).not.toMatch(/[@#]/) // our own words have neither
        expect(body).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u2028\u2029\u0085]/)
        expect(issueTitle(result)).not.toMatch(/[\r\n\u2028\u2029\u0085\u202a-\u202e]/)
      }),
      RUNS
    )
  })
})

describe('globs match in linear time', () => {
  /** The obvious reference: every way to split the text, by recursion with memo. */
  function reference(pattern: string, text: string): boolean {
    const p = Array.from(pattern)
    const t = Array.from(text)
    const memo = new Map<string, boolean>()
    const at = (i: number, j: number): boolean => {
      const key = `${i},${j}`
      if (memo.has(key)) return memo.get(key)!
      let ok: boolean
      if (j === p.length) ok = i === t.length
      else if (p[j] === '*') ok = at(i, j + 1) || (i < t.length && at(i + 1, j))
      else ok = i < t.length && (p[j] === '?' || p[j] === t[i]) && at(i + 1, j + 1)
      memo.set(key, ok)
      return ok
    }
    return at(0, 0)
  }

  it('agrees with the reference on any pattern and name over a small alphabet', () => {
    const small = fc.string({
      maxLength: 12,
      unit: fc.constantFrom('a', 'b', '*', '?', '.', '\n', '😀')
    })
    fc.assert(
      fc.property(small, small, (pattern, text) => {
        expect(globMatches(pattern, text)).toBe(reference(pattern, text))
      }),
      { numRuns: 2000 }
    )
  })

  it('a ReDoS-shaped pattern of 30 groups against a 10,000-character name: well under 50 ms', () => {
    const pattern = `${'*a'.repeat(30)}*c`
    const name = 'a'.repeat(10_000)
    const started = performance.now()
    expect(globMatches(pattern, name)).toBe(false)
    expect(globMatches('*a*a*a*a*a*a*a*a*a*a*a*a*c', 'a'.repeat(40))).toBe(false)
    expect(performance.now() - started).toBeLessThan(50)
  })
})

describe('clock skew in lastUsedAt', () => {
  const expires = '2027-06-01T00:00:00Z'
  it('30 s ahead of the runner reads as just now, 0 days ago', () => {
    const result = watched('prod', '2026-11-30T12:00:30Z', expires)
    expect(result.lastUsedAt).toBe('2026-11-30T12:00:00Z')
    expect(result.message).toContain('last used 0 days ago')
    expect(result.warnings).toEqual([])
  })

  it.each(['2026-11-30T12:10:00Z', '9999-12-31T23:59:59Z'])(
    '%p is unreadable, with a warning naming the field, and no negative age',
    lastUsedAt => {
      const result = watched('prod', lastUsedAt, expires)
      expect(result.lastUsedAt).toBeUndefined()
      expect(result.warnings).toEqual([
        expect.stringContaining('as lastUsedAt, more than 5 minutes ahead')
      ])
      expect(result.message).not.toMatch(/-\d+ days?/)
      expect(result.message).toContain('last use unknown')
    }
  )
})

describe("the runner's limits", () => {
  const finding = (i: number, level: Annotation['level'] = 'error'): Annotation => ({
    level,
    title: 'Tableau PAT rejected',
    message: `Token "t-${i}": ${'x'.repeat(80)}`,
    rank: i % 5
  })

  it('a combined message keeps its worst items within 4096 characters and counts the rest', () => {
    const items = Array.from({ length: 200 }, (_, i) => `- finding ${i}: ${'y'.repeat(60)}`)
    const fitted = fitMessage({ level: 'error', title: 't', message: items.join('\n'), items })
    expect(fitted.message.length).toBeLessThanOrEqual(ANNOTATION_MESSAGE_MAX)
    const kept = fitted.items!.length - 1
    expect(fitted.items!.at(-1)).toBe(`… and ${200 - kept} more: see the job summary.`)
    expect(fitted.items!.slice(0, kept)).toEqual(items.slice(0, kept))
    const long = fitMessage({ level: 'error', title: 't', message: 'z'.repeat(10_000) })
    expect(long.message).toHaveLength(ANNOTATION_MESSAGE_MAX)
  })

  it('at most 10 of a level; same-titled ones fold first, then the tenth carries the rest', () => {
    const many = [
      ...Array.from({ length: 12 }, (_, i) => ({
        level: 'warning' as const,
        title: 'Tableau PAT keepalive',
        message: `host ${i}`
      })),
      ...Array.from({ length: 15 }, (_, i) => ({
        level: 'notice' as const,
        title: `n${i}`,
        message: `m${i}`
      })),
      finding(1)
    ]
    const bounded = withinRunnerLimits(many)
    expect(bounded.filter(a => a.level === 'warning')).toEqual([
      expect.objectContaining({ title: 'Tableau PAT keepalive (12)' })
    ])
    const notices = bounded.filter(a => a.level === 'notice')
    expect(notices).toHaveLength(10)
    expect(notices[9]!.message).toContain('n14: m14')
    expect(bounded.filter(a => a.level === 'error')).toEqual([finding(1)])
  })

  it('the results output keeps signed-in tokens and the worst watched ones within its bytes', () => {
    const entries = [
      resultJson(signer),
      ...Array.from({ length: 1000 }, (_, i) =>
        resultJson({
          ...watched(`w-${i}`, '2026-11-29T00:00:00Z', '2027-06-01T00:00:00Z'),
          ...(i % 100 === 7 ? { status: 'critical' as const } : {})
        })
      )
    ]
    const { results, 'results-omitted': omitted } = boundedResults(entries, 20_000)
    expect(Buffer.byteLength(results)).toBeLessThanOrEqual(20_000)
    const kept = JSON.parse(results) as Array<{ name: string; status: string }>
    expect(kept[0]!.name).toBe('monitor')
    expect(kept.filter(r => r.status === 'critical')).toHaveLength(10)
    expect(kept.length + Number(omitted)).toBe(1001)
    // Kept in their order.
    const order = kept.map(r => entries.findIndex(e => e.name === r.name))
    expect(order).toEqual([...order].sort((a, b) => a - b))
  })
})

describe('the test harness reads output as strictly as the runner', () => {
  it('trims leading whitespace as .NET does: U+0085 too, not U+FEFF', () => {
    expect(dotnetTrimStart('\u0085\u00a0 \t::error::x')).toBe('::error::x')
    expect(dotnetTrimStart('\ufeff::error::x')).toBe('\ufeff::error::x')
    expect(runnerCommands('\u0085::error::x')).toHaveLength(1)
  })

  it('flags a command inside a longer write, whatever its title, on stdout or stderr', () => {
    const own = '::error title=Tableau PAT rejected::fine\n'
    const smuggled = 'Token "x" said:\n::error title=Tableau PAT rejected::forged\n'
    const run = {
      stdout: own + smuggled,
      stderr: '::warning::from stderr\n',
      writes: [own, smuggled]
    }
    expect(unintendedCommands(run, []).map(c => c.message)).toEqual(['forged', 'from stderr'])
  })

  it('fails on an output file the runner would refuse', () => {
    expect(parseOutputFile('a<<EOF\nx\nEOF\nb=1\n')).toEqual({ a: 'x', b: '1' })
    expect(() => parseOutputFile('a<<EOF\nx\n')).toThrow('matching delimiter not found')
    expect(() => parseOutputFile('just a line\n')).toThrow('invalid line')
    expect(() => parseOutputFile('=value\n')).toThrow('invalid line')
  })
})
