export const id = 682;
export const ids = [682];
export const modules = {

/***/ 7682:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  manageIssues: () => (/* binding */ manageIssues)
});

// EXTERNAL MODULE: ./src/core/expiry.ts
var expiry = __webpack_require__(2012);
// EXTERNAL MODULE: ./src/report/annotations.ts
var annotations = __webpack_require__(856);
// EXTERNAL MODULE: ./src/report/summary.ts + 1 modules
var summary = __webpack_require__(2152);
// EXTERNAL MODULE: ./src/tableau/platform.ts
var platform = __webpack_require__(9123);
// EXTERNAL MODULE: ./src/text/safe-text.ts
var safe_text = __webpack_require__(8844);
// EXTERNAL MODULE: ./src/schedule/verdict.ts
var verdict = __webpack_require__(9080);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/github/issue-marker.ts
/**
 * The hidden marker that identifies a token's issue and remembers the last state reported:
 * which token (hashes of server, site, name and owner; never a secret), which workflow owns the
 * issue, and when a run last checked the token. Anyone can edit an issue body, so reading it
 * accepts only well-formed fields.
 */


const MARKER_PREFIX = 'tableau-pat-keepalive';
/**
 * A result's issue id. A watched token's includes its owner: two users of one site may each have
 * a PAT of the same name, and those are two tokens with two issues.
 */
function identityOf(result) {
    return issueIdentity(result.serverHost, result.site, result.tokenName, result.watched ? result.ownerId : undefined);
}
/** A stable id for a token: server host, site, token name and owner if known (never the secret). */
function issueIdentity(serverHost, site, tokenName, ownerId) {
    const owner = ownerId ? `\n${ownerId}` : '';
    return shortHash(`${serverHost.toLowerCase()}\n${site}\n${tokenName}${owner}`);
}
/** The token's id without its server, for issues whose server-url changed (e.g. to a pod URL). */
function tokenIdentity(site, tokenName) {
    return shortHash(JSON.stringify([site, tokenName])); // unambiguous, whatever the name holds
}
function shortHash(text) {
    return (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex').slice(0, 16);
}
/** Workflow paths in the marker: URI-escaped beyond [A-Za-z0-9._/-], so no `-->` or space. */
const escapePath = (path) => path.replace(/[^A-Za-z0-9._/-]/g, c => encodeURIComponent(c));
function marker(state) {
    const extra = [
        state.token ? ` token=${state.token}` : '',
        state.workflow ? ` workflow=${escapePath(state.workflow)}` : '',
        state.via ? ` via=${state.via}` : '',
        state.checked ? ` checked=${state.checked}` : '',
        state.refreshby ? ` refreshby=${state.refreshby}` : '',
        state.expires ? ` expires=${state.expires}` : ''
    ].join('');
    return `<!-- ${MARKER_PREFIX} id=${state.id} status=${state.status} bucket=${state.bucket}${extra} -->`;
}
const MARKER = new RegExp(`<!-- ${MARKER_PREFIX} id=([0-9a-f]{16}) status=([a-z-]+) bucket=([a-z0-9-]+)((?: [a-z]+=[^\\s>]+)*) -->`);
/** The body with its marker replaced (the rest of an issue is left as it was). */
function replaceMarker(body, state) {
    return body.replace(MARKER, () => marker(state));
}
/** The state an issue body last recorded, or undefined when it is not one of ours. */
function readMarker(body) {
    const match = MARKER.exec(body ?? '');
    if (!match)
        return undefined;
    const fields = new Map(match[4]
        .trim()
        .split(' ')
        .filter(Boolean)
        .map(pair => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
    const token = fields.get('token');
    const workflow = fields.get('workflow');
    const via = fields.get('via');
    const checked = fields.get('checked');
    const instant = (name) => {
        const value = fields.get(name);
        return value && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(value) && (0,expiry/* parseInstant */.nV)(value)
            ? { [name]: value }
            : {};
    };
    return {
        id: match[1],
        status: match[2],
        bucket: match[3],
        ...(token && /^[0-9a-f]{16}$/.test(token) ? { token } : {}),
        ...(workflow ? { workflow: unescapePath(workflow) } : {}),
        ...(via && /^[0-9a-f]{16}$/.test(via) ? { via } : {}),
        ...(checked && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(checked) && (0,expiry/* parseInstant */.nV)(checked)
            ? { checked }
            : {}),
        ...instant('refreshby'),
        ...instant('expires')
    };
}
function unescapePath(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text; // a hand-edited marker: compared as written
    }
}
/** Days left, coarsely: a new bucket is worth a comment, a new day is not. */
function daysBucket(days) {
    if (days === undefined)
        return 'unknown';
    if (days < 0)
        return 'expired';
    const edges = [1, 3, 7, 14, 30, 60, 90];
    const upper = edges.find(edge => days < edge);
    return upper === undefined ? 'over-90' : `under-${upper}`;
}
function stateOf(result, id, workflow, checkedAt) {
    return {
        id,
        status: result.status,
        bucket: daysBucket(result.daysUntilExpiry),
        token: tokenIdentity(result.site, result.tokenName),
        ...(workflow ? { workflow } : {}),
        ...(result.watched && result.watchedBy
            ? { via: issueIdentity(result.serverHost, result.site, result.watchedBy) }
            : {}),
        checked: (0,expiry/* formatInstant */.r4)(checkedAt),
        ...(result.refreshBy ? { refreshby: result.refreshBy } : {}),
        ...(result.expiresAt ? { expires: result.expiresAt } : {})
    };
}

// EXTERNAL MODULE: ./src/text/numbers.ts
var numbers = __webpack_require__(4994);
;// CONCATENATED MODULE: ./src/github/github-limits.ts
/**
 * GitHub's documented sizes for issue text, and how text is fitted to them. GitHub counts
 * characters (code points), not bytes or UTF-16 units: an emoji is one, a CJK character is one.
 * - REST "Create an issue": a title over 256 characters is refused with 422 Validation Failed.
 * - An issue body or a comment over 65,536 characters is refused the same way.
 */

const TITLE_MAX_CHARS = 256;
const BODY_MAX_CHARS = 65_536;
/** One piece of text from outside (a name, a site, a server) in a body: enough to recognise it. */
const QUOTED_MAX_CHARS = 500;
/** One message or warning in a body or comment: as much as an annotation shows (4,096). */
const MESSAGE_MAX_CHARS = 4_000;
const ELLIPSIS = '…';
/** Characters as GitHub counts them. */
function charCount(text) {
    // UTF-16 units less one per surrogate pair: one per code point, without copying the text.
    return text.length - (text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
}
/** Made on first use: it loads ICU's break rules, which only a text to shorten needs. */
let graphemes;
/**
 * The text, or its start and an ellipsis, in at most `max` characters. It is cut between whole
 * graphemes, so no emoji or accented letter is left in pieces.
 */
function shorten(text, max) {
    if (charCount(text) <= max)
        return text;
    let kept = '';
    let count = 0;
    // Stryker disable next-line ObjectLiteral: equivalent, grapheme is the Segmenter's default granularity
    graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    for (const { segment } of graphemes.segment(text)) {
        const size = charCount(segment);
        if (count + size > max - 1)
            break;
        kept += segment;
        count += size;
    }
    return kept + ELLIPSIS;
}
/**
 * A title from fixed words and two pieces of outside text (the token name, the site). When the
 * whole is too long, the two pieces share what the fixed words leave, each taking at least half
 * or what it needs; the fixed words (the status) always stay whole.
 */
function fitTitle(compose, name, site, max = TITLE_MAX_CHARS) {
    const whole = compose(name, site);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a fast path: when the whole fits, the shares below leave both pieces whole
    if (charCount(whole) <= max)
        return whole;
    const room = Math.max(2, max - charCount(compose('', '')));
    const nameNeeds = charCount(name);
    const siteNeeds = charCount(site);
    const half = Math.floor(room / 2);
    // Stryker disable next-line EqualityOperator: equivalent, at siteNeeds = half the other branch gives half too (the whole does not fit, so room - nameNeeds < half)
    const siteRoom = siteNeeds <= half ? siteNeeds : Math.max(half, room - nameNeeds);
    const nameRoom = room - siteRoom;
    return compose(shorten(name, nameRoom), shorten(site, siteRoom));
}
/**
 * A body within `max` characters: the head (marker, headline, table) always, then as many of the
 * items (messages, warnings) as fit, whole, and a line saying how many were left out.
 */
function fitBody(head, items, tail, max = BODY_MAX_CHARS) {
    const join = (lines) => lines.join('\n');
    const whole = join([...head, ...items, ...tail]);
    if (charCount(whole) <= max)
        return whole;
    const left = (n) => `> _${n} more ${n === 1 ? 'line was' : 'lines were'} left out to stay within GitHub's ${(0,numbers/* groupThousands */.Z)(max)}-character limit: see the workflow run's log._`;
    // The body with the first k items: head, k items, the note and tail, one line break between each.
    const fixed = charCount(join([...head, ...tail])) + (head.length + tail.length > 0 ? 1 : 0);
    let itemsLength = 0;
    const lengthWith = (k, next) => fixed + itemsLength + next + k + charCount(left(items.length - k));
    let kept = 0;
    // Whole items in order while the next still fits. The last never does: all of them with the
    // note are longer than the whole body, which did not fit.
    // Stryker disable next-line EqualityOperator: equivalent, the loop breaks before kept reaches items.length (see above)
    while (kept < items.length) {
        const next = charCount(items[kept]);
        if (lengthWith(kept + 1, next) > max)
            break;
        itemsLength += next;
        kept++;
    }
    return join([...head, ...items.slice(0, kept), left(items.length - kept), ...tail]);
}

;// CONCATENATED MODULE: ./src/github/issue-text.ts
/**
 * What the expiry issue says: title, body, comments, and the hidden marker that identifies the
 * token and remembers the last state reported. Plain functions; no GitHub calls.
 *
 * Text this action did not write (token names, sites, server addresses, and messages that carry
 * Tableau's own words) is shown in code spans, where GitHub links no @mention or #reference.
 */








const IN_TITLE = { name: text => `"${text}"`, site: text => text };
const IN_BODY = { name: text => quoted(text), site: text => quoted(text) };
/** Outside text in a body or comment, in a code span, cut to a size that still identifies it. */
function quoted(text) {
    return (0,safe_text/* codeSpan */.SS)(shorten(text, QUOTED_MAX_CHARS));
}
/** A message or warning (Tableau's words among them) in a code span, cut to an annotation's size. */
function said(text) {
    return (0,safe_text/* codeSpan */.SS)(shorten(text, MESSAGE_MAX_CHARS));
}
function tokenLabel(result, quote) {
    const where = result.platform === 'cloud-manager'
        ? 'Tableau Cloud Manager'
        : `site: ${result.site ? quote.site(result.site) : 'Default'}`;
    return `Tableau PAT ${quote.name(result.tokenName)} (${where})`;
}
function headline(result, quote) {
    const days = result.daysUntilExpiry;
    switch (result.status) {
        case 'invalid':
            return `${tokenLabel(result, quote)} was rejected by Tableau: replace it`;
        case 'error':
            return `${tokenLabel(result, quote)} could not be checked`;
        default:
            return `${tokenLabel(result, quote)} ${days === undefined ? 'needs attention' : (0,annotations/* expiryPhrase */.ZT)(days)}`;
    }
}
/**
 * Titles notify nobody; the name is quoted as it always was, on one line. A long name or site is
 * shortened to fit GitHub's 256 characters; the status words stay whole. The issue is found by
 * its marker, never by its title, so a shortened or renamed title is simply updated.
 */
function issueTitle(result) {
    const site = result.platform === 'cloud-manager' ? '' : (0,safe_text/* safeLine */.om)(result.site);
    const compose = (tokenName, shownSite) => headline({ ...result, tokenName, site: shownSite }, IN_TITLE);
    return (0,safe_text/* safeLine */.om)(fitTitle(compose, (0,safe_text/* safeLine */.om)(result.tokenName), site));
}
function whatToDo(result) {
    if (result.watched)
        // Its secret is not in this workflow: the jobs that use it are what to look at.
        return (`${said(result.message)} This token is watched through the token list, not signed in with, so this workflow does not keep it alive. ` +
            'This issue closes by itself once the token list shows it healthy, or no longer lists it.');
    switch (result.status) {
        case 'invalid':
            return ('Tableau rejected the token. Check the token name and the site content URL in the workflow; if they are right, ' +
                'create a new PAT in Tableau (My Account Settings > Personal Access Tokens) and put its secret in the repository secret the workflow passes as `token-secret`.');
        case 'error':
            return ("The keepalive could not check the token (see below): check `server-url`, the network path from the runner, and Tableau's status. " +
                'The token may still be fine; this issue closes by itself once a run succeeds.');
        default:
            return (`Create a new PAT in Tableau (My Account Settings > Personal Access Tokens)${result.expiresAt ? ` before ${result.expiresAt}` : ''}, ` +
                'put its secret in the repository secret the workflow passes as `token-secret`, and update `token-name` if the name changed. ' +
                'This issue closes by itself once a run finds the token healthy.');
    }
}
/** Table cells: no HTML, no column breaks. */
function cell(text) {
    return (0,safe_text/* inertHtml */.yj)(text).replace(/\|/g, '\\|');
}
/** A table cell for text from outside: a code span, with `|` escaped as GFM tables need. */
function quotedCell(text) {
    return quoted(text).replace(/\|/g, '\\|');
}
function issueBody(result, state, { runUrl, nextRun }, checkedAt) {
    const rows = [
        ['Status', cell(`${summary/* STATUS_ICON */.tW[result.status]} ${result.status}`)],
        [
            'Days left',
            cell(result.daysUntilExpiry === undefined ? 'unknown' : String(result.daysUntilExpiry))
        ],
        ['Expires at', cell(result.expiresAt ?? 'unknown')],
        ...(result.watched
            ? [
                ['Last used', cell(result.lastUsedAt ?? 'unknown')],
                ['Expires from disuse', cell(result.idleExpiresAt ?? 'unknown')],
                ['Checked', `watched through ${quotedCell(result.watchedBy ?? '')} (not signed in)`],
                ...(result.owner
                    ? [['Owner', quotedCell(result.owner)]]
                    : [])
            ]
            : [['Refresh by', cell(result.refreshBy ?? 'not refreshed')]]),
        ['Next scheduled run', cell(nextRun ?? 'unknown')],
        ['Server', quotedCell(result.server)],
        [
            'Site',
            result.platform === 'cloud-manager'
                ? '-'
                : result.site
                    ? quotedCell(result.site)
                    : '(Default)'
        ],
        ['Platform', cell(platform/* PLATFORM_LABELS */.YN[result.platform])]
    ];
    const checked = runUrl ? `[this workflow run](${runUrl})` : 'a workflow run';
    const late = (0,verdict/* lateRun */.o)(result.refreshBy, nextRun);
    // GitHub refuses a body over 65,536 characters: warnings past that are counted, not shown.
    return fitBody([
        marker(state),
        `### ${headline(result, IN_BODY)}`,
        '',
        '| | |',
        '|---|---|',
        ...rows.map(([name, value]) => `| ${name} | ${value} |`),
        '',
        `**What to do:** ${whatToDo(result)}`,
        '',
        ...(late ? [`**${late}**`, ''] : []),
        `> ${said(result.message)}`
    ], result.warnings.map(warning => `> ${said(warning)}`), [
        '',
        `Last checked by ${checked}${state.workflow ? ` of ${quoted(state.workflow)}` : ''} at ${(0,expiry/* formatInstant */.r4)(checkedAt)}. Opened and kept up to date by Tableau PAT Keepalive.`
    ]);
}
function changeComment(previous, result, runUrl) {
    const days = result.daysUntilExpiry === undefined ? '' : ` (${result.daysUntilExpiry} days left)`;
    const by = runUrl ? ` ([run](${runUrl}))` : '';
    return `Status ${previous.status} → **${result.status}**${days}: ${said(result.message)}${by}`;
}
function closingComment(result, runUrl) {
    const expiry = result.expiresAt ? ` It now expires on ${result.expiresAt}.` : '';
    const by = runUrl ? ` ([run](${runUrl}))` : '';
    return `✅ The token is healthy again (status ok).${expiry} Closing${by}.`;
}
function orphanComment(workflow, reason, runUrl) {
    const by = runUrl ? ` ([run](${runUrl}))` : '';
    const why = reason.kind === 'not-listed'
        ? `This token is no longer in its owner's token list, read through ${quoted(reason.via)}: it was revoked or deleted, or \`watch-owner-tokens\` no longer selects it.`
        : `No run of this workflow (${quoted(workflow)}) has checked this token since ${reason.checked}, ` +
            `more than ${reason.graceDays} days ago: it was removed from the workflow or renamed, or \`server-url\` or \`site\` changed.`;
    return `${why} Closing${by}; a run that checks the token again opens a new issue when one is needed.`;
}

// EXTERNAL MODULE: ./src/github/workflow-api.ts
var workflow_api = __webpack_require__(4455);
;// CONCATENATED MODULE: ./src/github/github-errors.ts

class DeadlineError extends Error {
    constructor(budgetMs) {
        super(`GitHub did not finish answering within ${budgetMs / 1000} s, (retries + 1) x timeout-seconds`);
    }
}
/** A warning that says what failed and what to change in the workflow. */
function failure(what, err) {
    const status = err.status;
    const hint = isRateLimited(err)
        ? 'GitHub is rate-limiting this token: the next run will try again.'
        : status === 403 || status === 404
            ? 'Give the job permission to write issues: add "permissions: issues: write" to the workflow or the job (and, if github-token is set, use a token that can write issues in this repository).'
            : status === 401
                ? 'The github-token was refused: leave it at its default (${{ github.token }}) or give a valid token.'
                : status === 410
                    ? 'Issues are disabled in this repository: enable them in Settings > General > Features, or set open-issue: false.'
                    : status === 422
                        ? 'GitHub rejected the issue fields: check issue-labels and issue-assignees (assignees must have access to the repository).'
                        : 'GitHub may be unavailable or rate-limiting: the next run will try again.';
    return `Could not ${what} (${(0,workflow_api/* describe */.q0)(err)}). ${hint} The keepalive result is unchanged.`;
}
/** A 403 or 429 that is throttling (Retry-After, an exhausted quota, or GitHub saying so), not a missing permission. */
function isRateLimited(err) {
    const { status, response, message } = err;
    if (status !== 403 && status !== 429)
        return false;
    const headers = response?.headers ?? {};
    return (status === 429 ||
        headers['retry-after'] !== undefined ||
        headers['x-ratelimit-remaining'] === '0' ||
        /rate limit/i.test(String(message)));
}
/** A rate limit whose wait would pass the run's GitHub deadline: which limit, and what happens now. */
function rateLimitFailure(what, limit, budgetMs) {
    const which = limit.kind === 'secondary'
        ? "GitHub's secondary rate limit (too many writes in a short time, e.g. from matrix legs or many tokens)"
        : "GitHub's primary rate limit (this token's hourly quota)";
    return (`Could not ${what}: ${which} asked to wait ${limit.waitSeconds} s, longer than this run's GitHub deadline of ${budgetMs / 1000} s allows. ` +
        'Nothing more was written to GitHub in this run; the next run updates the issues. The keepalive result is unchanged.');
}
function labelDroppedWarning(outcome, labels) {
    return (`Issue #${outcome.number} was created without the label "${labels[0]}": GitHub silently drops labels on issues created by an account without push access to the repository. ` +
        'The action finds its issues by that label, so it would open a new one on every run. Use a github-token that can push (the default token with "permissions: issues: write" can), then close the unlabelled issue.');
}

;// CONCATENATED MODULE: ./src/github/issue-list.ts
/**
 * Finding the action's own issues: the labelled issues that carry its marker, page by page within
 * bounds, then only those the account github-token acts as opened itself; and, for a rejected
 * token with no open issue, the last state its most recently closed issue recorded.
 */

/** Pages of open labelled issues read at most (100 each): a label with more is not ours alone. */
const MAX_ISSUE_PAGES = 10;
/**
 * The open issues with the label that carry a marker, page by page: at most MAX_ISSUE_PAGES,
 * never the same page twice, and `next` links only on the API's own origin (a link elsewhere
 * would receive the github-token).
 */
async function listOpenIssues(octokit, repository, label) {
    const first = octokit.request.endpoint('GET /repos/{owner}/{repo}/issues', {
        ...repository,
        state: 'open',
        labels: label,
        per_page: 100
    }).url;
    const apiOrigin = new URL(first).origin;
    const requested = new Set();
    const issues = [];
    for (let url = first; url;) {
        if (requested.size >= MAX_ISSUE_PAGES)
            return {
                issues,
                incomplete: `more than ${MAX_ISSUE_PAGES * 100} carry it, and ${MAX_ISSUE_PAGES} pages are read at most; give the action a label of its own with issue-labels`
            };
        requested.add(url);
        const response = await octokit.request({ method: 'GET', url });
        issues.push(...withMarkers(response.data));
        const next = nextLink(response.headers.link);
        if (next === undefined)
            break;
        const nextUrl = parseUrl(next);
        if (nextUrl?.origin !== apiOrigin)
            return {
                issues,
                incomplete: "GitHub's next-page link pointed away from the API, and was not followed"
            };
        if (requested.has(next))
            return { issues, incomplete: "GitHub's next-page link pointed back to a page already read" };
        url = next;
    }
    return { issues };
}
function withMarkers(page) {
    return page.flatMap(issue => {
        const state = issue.pull_request ? undefined : readMarker(issue.body);
        return state
            ? [
                {
                    number: issue.number,
                    url: issue.html_url,
                    body: issue.body ?? '',
                    author: issue.user?.login ?? '',
                    state
                }
            ]
            : [];
    });
}
/**
 * The closed issues with the label that this account wrote, most recently updated first: one page
 * of 100, read once per run and only for a rejected token with no open issue, whose last state
 * tells why Tableau now rejects it.
 */
async function recentlyClosedIssues(octokit, repository, label, viewer) {
    const response = await octokit.rest.issues.listForRepo({
        ...repository,
        state: 'closed',
        labels: label,
        sort: 'updated',
        direction: 'desc',
        per_page: 100
    });
    const listed = withMarkers(response.data);
    if (listed.length === 0)
        return [];
    const login = await viewer();
    return listed.filter(issue => isBy(issue, login));
}
/** Whether the account `login` opened the issue (GitHub logins are case-insensitive). */
function isBy(issue, login) {
    return issue.author.toLowerCase() === login.toLowerCase();
}
function parseUrl(text) {
    try {
        return new URL(text);
    }
    catch {
        return undefined;
    }
}
/** The `rel="next"` address of a Link header. */
function nextLink(header) {
    for (const part of (header ?? '').split(',')) {
        const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
        if (match && /\brel="?next"?/.test(match[2]))
            return match[1];
    }
    return undefined;
}
/**
 * The listed issues this action wrote: author = the account github-token acts as. That account is
 * asked once (GraphQL viewer works for user tokens and app installation tokens alike, where
 * GET /user fails), and only when some issue carries the marker. Others are left alone, named in
 * a warning: anyone can copy a hidden marker into an issue.
 */
async function ownIssues(listed, viewer, warnings) {
    if (listed.length === 0)
        return [];
    const login = await viewer();
    return listed.filter(issue => {
        if (isBy(issue, login))
            return true;
        warnings.push(`Issue #${issue.number} carries this action's marker but was opened by ${issue.author || 'an unknown account'}, not by ${login} (the account github-token acts as): left alone. Close it if it is not wanted.`);
        return false;
    });
}
/** The account github-token acts as, asked once: GraphQL viewer works for user and app tokens alike. */
function viewerOf(octokit) {
    let login;
    return () => (login ??= octokit
        .graphql('query { viewer { login } }')
        .then(answer => answer.viewer.login));
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(157);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var dist_bundle = __webpack_require__(6856);
// EXTERNAL MODULE: ./node_modules/bottleneck/light.js
var light = __webpack_require__(3251);
var light_default = /*#__PURE__*/__webpack_require__.n(light);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(4942);
// EXTERNAL MODULE: ./node_modules/node-fetch/src/index.js + 12 modules
var src = __webpack_require__(816);
;// CONCATENATED MODULE: ./src/github/octokit.ts
/**
 * The Octokit that issue work uses: every attempt with its own timeout, all of them within one
 * deadline, and GitHub's rate limits waited out by @octokit/plugin-throttling as GitHub's "Best
 * practices for using the REST API" asks: Retry-After first, then x-ratelimit-reset, else a
 * minute; writes one at a time. A wait that would pass the deadline is not started: the request
 * fails, and `limit` says which limit and how long GitHub asked to wait.
 */






/** A limit answered more often than this in a row is not waited out again in the same run. */
const MAX_LIMIT_RETRIES = 3;
/**
 * Writes in a burst before each waits a second. GitHub: "If you are making a large number of
 * POST, PATCH, PUT, or DELETE requests, wait at least one second between each request."
 */
const WRITE_BURST = 10;
/**
 * Octokit's default fetch is undici's, whose first request compiles its HTTP parser to
 * WebAssembly: about 0.25 s of CPU and 180 ms on every run that opens an issue. node-fetch speaks
 * node:http instead, through @actions/http-client's agent: the same route through https_proxy /
 * http_proxy / no_proxy as the Tableau requests. A redirect is refused, not followed: the API of
 * the running repository never redirects, and github-token goes to no other address.
 */
const proxyRoutes = new lib/* HttpClient */.Qq('tableau-pat-keepalive');
const fetchOverNodeHttp = ((url, init) => (0,src/* default */.Ay)(url, {
    ...init,
    redirect: 'error',
    agent: proxyRoutes.getAgent(url)
}));
function githubClient(token, { budgetMs, timeoutMs, apiUrl }) {
    const deadline = AbortSignal.timeout(budgetMs);
    const deadlineAt = Date.now() + budgetMs;
    let limit;
    // Registered before the throttling plugin, so it runs inside it: a retried request gets a fresh
    // timeout rather than one that has been ticking through the wait.
    const attemptTimeout = (octokit) => {
        octokit.hook.before('request', options => {
            options.request = {
                ...options.request,
                signal: AbortSignal.any([deadline, AbortSignal.timeout(timeoutMs)])
            };
        });
    };
    const waitIfInTime = (kind) => (retryAfter, _options, _octokit, retryCount) => {
        const fits = retryCount < MAX_LIMIT_RETRIES && Date.now() + retryAfter * 1000 + timeoutMs <= deadlineAt;
        if (!fits)
            limit = { kind, waitSeconds: retryAfter };
        return fits;
    };
    const octokit = (0,github/* getOctokit */.Q)(token, {
        // As @actions/github reads it, but from the run's env rather than once as the module loads.
        baseUrl: apiUrl || workflow_api/* GITHUB_COM_API */.FF,
        request: { fetch: fetchOverNodeHttp },
        throttle: {
            onSecondaryRateLimit: waitIfInTime('secondary'),
            onRateLimit: waitIfInTime('primary'),
            // One write at a time; a burst of writes, then one a second.
            write: new (light_default()).Group({
                maxConcurrent: 1,
                reservoir: WRITE_BURST,
                reservoirIncreaseInterval: 1000,
                reservoirIncreaseAmount: 1,
                reservoirIncreaseMaximum: WRITE_BURST
            }),
            // GitHub documents no further spacing for writes that notify: the plugin's 3 s is not used.
            notifications: new (light_default()).Group({ maxConcurrent: 1 })
        }
    }, attemptTimeout, dist_bundle/* throttling */.A);
    return {
        octokit,
        deadline,
        get limit() {
            return limit;
        }
    };
}

;// CONCATENATED MODULE: ./src/github/orphans.ts
/**
 * Which open issue belongs to which token of this run, and what becomes of the rest: an issue is
 * closed as orphaned only when no run could still be checking its token.
 */


/**
 * An issue whose token no run has checked for this long is an orphan. At least a week, so a
 * weekly schedule, a matrix leg or another job of the workflow always checks again in time; at
 * most 15 days, the PAT idle limit, after which the token is dead anyway.
 */
const MIN_GRACE_DAYS = 7;
const MAX_GRACE_DAYS = 15;
function graceDays(scheduleGapDays) {
    return Math.min(MAX_GRACE_DAYS, Math.max(MIN_GRACE_DAYS, scheduleGapDays ?? 0));
}
/**
 * Which issue belongs to which token. A workflow only takes issues whose marker names it, or
 * names no workflow (markers written before 1.1.0, adopted by the first workflow that checks
 * their token); with no known workflow, any. A token takes the issue with its id, or else one
 * with its site and name whose server host is not checked in this run (server-url changed).
 */
function claimer(open, workflow) {
    const claimed = new Set();
    const candidates = open.filter(issue => !workflow || !issue.state.workflow || issue.state.workflow === workflow);
    // Issues of this workflow first, so an adopted legacy issue never wins over our own.
    candidates.sort((a, b) => Number(b.state.workflow === workflow) - Number(a.state.workflow === workflow));
    const take = (issue) => {
        if (issue)
            claimed.add(issue);
        return issue;
    };
    const claim = (id, token, idsOfThisRun) => take(candidates.find(issue => !claimed.has(issue) && issue.state.id === id) ??
        candidates.find(issue => !claimed.has(issue) && issue.state.token === token && !idsOfThisRun.has(issue.state.id)));
    claim.unclaimed = owner => candidates.filter(issue => !claimed.has(issue) && issue.state.workflow === owner);
    return claim;
}
/**
 * What to do with an open issue of this workflow that no token of this run claimed. It is closed
 * only when no run could still be checking its token:
 * - a watched token whose signer failed in this run (sign-in or list) is left: that may pass;
 * - so is one whose signer's site walk was incomplete: it may be among the users not read;
 * - a watched token gone from its owner's list, read in this run, is closed;
 * - any other is closed once no run has checked it for the grace period (other matrix legs,
 *   steps and jobs of the workflow check their tokens far more often than that);
 * - a marker with no last-checked time (before 1.1.0) is stamped with now, never closed at once.
 */
function orphanDecision(orphan, results, { scheduled, graceDays, now }) {
    const { state } = orphan;
    const signer = state.via
        ? results.find(result => !result.watched && identityOf(result) === state.via)
        : undefined;
    if (signer && (signer.watchList !== 'read' || signer.siteWatch === 'incomplete'))
        return 'leave';
    const listed = signer?.listedTokens ?? [];
    if (scheduled &&
        signer &&
        !listed.some(({ tokenName }) => tokenIdentity(signer.site, tokenName) === state.token))
        return { kind: 'not-listed', via: signer.tokenName };
    if (!state.checked)
        return 'stamp';
    if (!scheduled || now.getTime() - Date.parse(state.checked) < graceDays * expiry/* DAY_MS */.sO)
        return 'leave';
    return { kind: 'not-checked', checked: state.checked, graceDays };
}

;// CONCATENATED MODULE: ./src/github/rejection-memory.ts
/**
 * What the action last recorded of a token, in the marker of its open issue, tells why Tableau
 * now rejects it: an idle deadline or an expiry date that has passed since, or, if neither has,
 * a token that was still valid then and was most likely revoked or had its secret changed.
 */

function fromLastState(state, now) {
    const expires = (0,expiry/* parseInstant */.nV)(state.expires);
    if (expires && expires <= now)
        return {
            cause: 'expired-date',
            because: `its expiry date, ${state.expires} (last recorded by this action), has passed. Create a new PAT.`
        };
    const refreshBy = (0,expiry/* parseInstant */.nV)(state.refreshby);
    if (refreshBy && refreshBy <= now)
        return {
            cause: 'expired-idle',
            because: `its idle deadline passed on ${state.refreshby} (last recorded by this action): recreate it.`
        };
    const checked = (0,expiry/* parseInstant */.nV)(state.checked);
    if (!checked || (state.status !== 'ok' && state.status !== 'warning'))
        return undefined;
    const left = expires ? ` with ${(0,expiry/* daysUntil */.AQ)(expires, checked)} days left` : '';
    return {
        cause: 'revoked-or-removed',
        because: `it was valid on ${state.checked}${left}, and no deadline has passed since: most likely it was revoked, or its secret was changed.`
    };
}

// EXTERNAL MODULE: ./src/token/invalid-cause.ts
var invalid_cause = __webpack_require__(848);
;// CONCATENATED MODULE: ./src/github/issues.ts
/**
 * Opens, updates and closes one GitHub issue per token (found by label and a hidden marker, never
 * by the search API, which lags behind new issues). Loaded only when open-issue is on. Failures
 * become warnings: issue handling never changes the keepalive's own result.
 */









const NONE = { action: 'none' };
/**
 * All issue work shares one deadline (`budgetMs`); each request also has its own `timeoutMs`. A
 * stalled GitHub API or proxy therefore never holds the step past its bound.
 */
async function manageIssues(results, settings, env, { timeoutMs, budgetMs, nextRun, workflow, scheduleGapDays, now = new Date() }) {
    const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
    if (!owner || !repo) {
        return {
            outcomes: results.map(() => NONE),
            closedOrphans: [],
            warnings: [
                'open-issue: GITHUB_REPOSITORY is not set (owner/repo), so no issue was opened or updated.'
            ]
        };
    }
    const runUrl = env['GITHUB_SERVER_URL'] && env['GITHUB_RUN_ID']
        ? `${env['GITHUB_SERVER_URL']}/${owner}/${repo}/actions/runs/${env['GITHUB_RUN_ID']}`
        : undefined;
    const client = githubClient(settings.githubToken, {
        budgetMs,
        timeoutMs,
        apiUrl: env['GITHUB_API_URL']
    });
    const { octokit, deadline } = client;
    const failedTo = (what, err) => client.limit
        ? rateLimitFailure(what, client.limit, budgetMs)
        : failure(what, deadline.aborted ? new DeadlineError(budgetMs) : err);
    const viewer = viewerOf(octokit);
    const warnings = [];
    let open;
    let incomplete;
    try {
        const listed = await listOpenIssues(octokit, { owner, repo }, settings.labels[0]);
        incomplete = listed.incomplete;
        if (incomplete)
            warnings.push(`Not every open issue labelled "${settings.labels[0]}" could be read (${incomplete}): no new issue was opened in this run, since a token's issue may be among those not read, and none was closed as orphaned.`);
        open = await ownIssues(listed.issues, viewer, warnings);
    }
    catch (err) {
        return {
            outcomes: results.map(() => NONE),
            closedOrphans: [],
            warnings: [...warnings, failedTo('list the open issues', err)]
        };
    }
    const claim = claimer(open, workflow);
    const ids = new Set(results.map(identityOf));
    const lastClosed = lastClosedState(octokit, { owner, repo }, settings.labels[0], viewer);
    const outcomes = [];
    let skipped = 0;
    // One token at a time: GitHub asks for writes one after another, never at once.
    for (const result of results) {
        const id = identityOf(result);
        const existing = claim(id, tokenIdentity(result.site, result.tokenName), ids);
        if (client.limit) {
            // A limit longer than the run can wait: write nothing more, the next run tries again.
            skipped++;
            outcomes.push(existing ? { number: existing.number, url: existing.url, action: 'none' } : NONE);
            continue;
        }
        try {
            if (deadline.aborted)
                throw new DeadlineError(budgetMs);
            if (!existing && incomplete && result.status !== 'ok') {
                outcomes.push(NONE); // its issue may be in the part of the list that was not read
                continue;
            }
            // What the action last recorded of the token: its open issue, or its last closed one.
            const known = existing?.state ?? (result.status === 'invalid' ? await lastClosed(id) : undefined);
            if (result.status === 'invalid' && result.invalidCause === 'unknown' && known) {
                const explanation = fromLastState(known, now);
                if (explanation)
                    (0,invalid_cause/* applyExplanation */.kC)(result, explanation);
            }
            const state = stateOf(result, id, workflow ?? existing?.state.workflow, now);
            // A failed run learns no deadline: the last known ones are kept for the next diagnosis.
            state.refreshby ??= known?.refreshby;
            state.expires ??= known?.expires;
            const outcome = await sync(octokit, { owner, repo }, result, state, existing, settings, {
                runUrl,
                nextRun
            });
            if (outcome.labelDropped)
                warnings.push(labelDroppedWarning(outcome, settings.labels));
            outcomes.push({
                number: outcome.number,
                url: outcome.url,
                action: outcome.action,
                changed: outcome.changed ?? outcome.action !== 'none'
            });
        }
        catch (err) {
            warnings.push(failedTo(`update the issue for token "${result.tokenName}"`, err));
            outcomes.push(existing ? { number: existing.number, url: existing.url, action: 'none' } : NONE);
        }
    }
    if (skipped)
        warnings.push(`The issues of ${skipped} more ${skipped === 1 ? 'token were' : 'tokens were'} not updated in this run, since GitHub's rate limit asked to wait past its deadline: the next run updates them.`);
    const closedOrphans = [];
    const policy = {
        scheduled: env['GITHUB_EVENT_NAME'] === 'schedule',
        graceDays: graceDays(scheduleGapDays),
        now
    };
    for (const orphan of workflow && !incomplete && !client.limit ? claim.unclaimed(workflow) : []) {
        const decision = orphanDecision(orphan, results, policy);
        if (decision === 'leave')
            continue;
        try {
            if (deadline.aborted)
                throw new DeadlineError(budgetMs);
            if (decision === 'stamp') {
                // A marker from before 1.1.0 has no last-checked time: it counts from now.
                await octokit.rest.issues.update({
                    owner,
                    repo,
                    issue_number: orphan.number,
                    body: replaceMarker(orphan.body, { ...orphan.state, checked: (0,expiry/* formatInstant */.r4)(now) })
                });
                continue;
            }
            await closeIssue(octokit, { owner, repo }, orphan.number, {
                comment: orphanComment(workflow, decision, runUrl),
                reason: 'not_planned'
            });
            closedOrphans.push({ number: orphan.number, url: orphan.url });
        }
        catch (err) {
            warnings.push(failedTo(`close issue #${orphan.number}, whose token this workflow no longer checks`, err));
        }
    }
    return { outcomes, closedOrphans, warnings };
}
/**
 * The last state recorded of a token whose issue is closed, from one page of recently closed
 * issues, read at most once per run. A failed read is no state: the diagnosis is an extra.
 */
function lastClosedState(octokit, repository, label, viewer) {
    let closed;
    return async (id) => {
        closed ??= recentlyClosedIssues(octokit, repository, label, viewer).catch(() => []);
        return (await closed).find(issue => issue.state.id === id)?.state;
    };
}
/**
 * Comments why, then closes; the body is rewritten too when given (a final state). The comment
 * comes first: if the close fails, the next run comments and closes again, and no word is lost.
 */
async function closeIssue(octokit, repository, number, { comment, reason, body }) {
    await octokit.rest.issues.createComment({ ...repository, issue_number: number, body: comment });
    await octokit.rest.issues.update({
        ...repository,
        issue_number: number,
        state: 'closed',
        state_reason: reason,
        ...(body === undefined ? {} : { body })
    });
}
async function sync(octokit, repository, result, state, existing, settings, { runUrl, nextRun }) {
    const now = new Date();
    if (result.status === 'ok') {
        if (!existing)
            return NONE;
        await closeIssue(octokit, repository, existing.number, {
            comment: closingComment(result, runUrl),
            reason: 'completed',
            body: issueBody(result, state, { runUrl, nextRun }, now)
        });
        return { number: existing.number, url: existing.url, action: 'closed' };
    }
    const title = issueTitle(result);
    const body = issueBody(result, state, { runUrl, nextRun }, now);
    if (!existing) {
        const created = await octokit.rest.issues.create({
            ...repository,
            title,
            body,
            labels: settings.labels,
            ...(settings.assignees.length ? { assignees: settings.assignees } : {})
        });
        const labels = (created.data.labels ?? []).map(label => (typeof label === 'string' ? label : (label.name ?? '')).toLowerCase());
        return {
            number: created.data.number,
            url: created.data.html_url,
            action: 'created',
            labelDropped: !labels.includes(settings.labels[0].toLowerCase())
        };
    }
    // A comment only when something changed, so a daily schedule does not spam the issue. It comes
    // before the update: the marker that remembers the new state is written last, so a comment
    // refused by GitHub is posted again by the next run rather than lost.
    const changed = existing.state.status !== state.status || existing.state.bucket !== state.bucket;
    if (changed) {
        await octokit.rest.issues.createComment({
            ...repository,
            issue_number: existing.number,
            body: changeComment(existing.state, result, runUrl)
        });
    }
    await octokit.rest.issues.update({ ...repository, issue_number: existing.number, title, body });
    return { number: existing.number, url: existing.url, action: 'updated', changed };
}


/***/ })

};
