/**
 * The architecture as a check (npm run lint). src/ is layered, each folder a role; a module may
 * import from its own folder and from the layers below it, never from above:
 *
 *   core, text                  the shared vocabulary and text safety: import nothing of ours
 *   tableau, schedule           the Tableau REST API; the workflow's own schedule
 *   token                       one token's keepalive, its expiry and watched tokens; many tokens
 *   report                      outputs, annotations, job summary
 *   github                      issues and the workflow API (the only users of @actions/github)
 *   config                      inputs and the tokens list, into typed settings
 *   action, cli                 the adapters (action: the only user of @actions/core)
 *   index.ts, cli-main.ts       the entry points
 */
const LAYERS = [
  ['core', 'text'],
  ['tableau', 'schedule'],
  ['token'],
  ['report'],
  ['github'],
  ['config'],
  ['action', 'cli']
]

const folder = name => `^src/${name}/`
const below = index => LAYERS.slice(0, index).flat()

/** For each folder: importing any folder that is not below it, nor itself, is forbidden. */
const layerRules = LAYERS.flatMap((names, index) =>
  names.map(name => ({
    name: `layer-${name}`,
    comment: `${name}/ may import only from ${[name, ...below(index)].join(', ')}`,
    severity: 'error',
    from: { path: folder(name) },
    to: {
      path: '^src/',
      pathNot: [folder(name), ...below(index).map(folder)]
    }
  }))
)

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import circles: every layer can be read and tested without the ones above it.',
      severity: 'error',
      from: {},
      to: { circular: true }
    },
    {
      name: 'actions-core-in-adapters-only',
      comment: '@actions/core (the runner) is used by the action adapter alone.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/action/' },
      to: { path: '@actions/core' }
    },
    {
      name: 'actions-github-in-github-only',
      comment: '@actions/github (Octokit) is used by github/ alone, loaded on demand.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/github/' },
      to: { path: '@actions/github' }
    },
    {
      name: 'no-orphans',
      comment: 'Every module is used by an entry point; a file nobody imports is dead code.',
      severity: 'error',
      from: {
        orphan: true,
        path: '^src/',
        pathNot: ['^src/index\\.ts$', '^src/cli-main\\.ts$', '\\.d\\.ts$']
      },
      to: {}
    },
    ...layerRules
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    reporterOptions: {
      dot: { collapsePattern: '^src/[^/]+/' },
      archi: { collapsePattern: '^src/[^/]+/' }
    }
  }
}
