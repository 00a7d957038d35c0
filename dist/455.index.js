export const id = 455;
export const ids = [455];
export const modules = {

/***/ 4455:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GitHubApiError: () => (/* binding */ GitHubApiError),
/* harmony export */   describe: () => (/* binding */ describe),
/* harmony export */   workflowApi: () => (/* binding */ workflowApi)
/* harmony export */ });
/* harmony import */ var _tableau_http_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8091);
/* harmony import */ var _tableau_retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(904);
/**
 * The two GitHub calls about the running workflow itself: read its file (contents API, when the
 * workspace has no checkout) and enable it (so that GitHub's 60-day auto-disable never stops the
 * keepalive). Plain REST over the action's own HTTP stack (proxy, timeout, retries, 1 MiB cap):
 * loading Octokit would cost a scheduled run more than the call itself. Failures become warnings.
 */


/** A GitHub answer that was not a success: its status and GitHub's own message. */
class GitHubApiError extends Error {
    status;
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}
function workflowApi(githubToken, { timeoutMs, retries }, env) {
    const transport = new _tableau_http_js__WEBPACK_IMPORTED_MODULE_0__/* .HttpTransport */ .G5(timeoutMs);
    const api = apiBase(env['GITHUB_API_URL']);
    const call = async (method, path, accept) => {
        const sent = await (0,_tableau_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .sendWithRetries */ .HI)(transport, {
            method,
            url: new URL(`${api.pathname.replace(/\/$/, '')}${path}`, api),
            headers: {
                Authorization: `token ${githubToken}`,
                Accept: accept,
                'X-GitHub-Api-Version': '2022-11-28'
            },
            ...(method === 'PUT' ? { body: '' } : {})
        }, { ..._tableau_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_RETRY_POLICY */ .cO, retries });
        if ('failure' in sent)
            throw new GitHubApiError(undefined, sent.failure.message);
        const { status, body } = sent.res;
        if (status >= 200 && status < 300)
            return body;
        throw new GitHubApiError(status, messageOf(body));
    };
    const repository = (workflow) => `/repos/${encodeURIComponent(workflow.owner)}/${encodeURIComponent(workflow.repo)}`;
    return {
        async readFile(workflow) {
            const path = workflow.path.split('/').map(encodeURIComponent).join('/');
            try {
                return await call('GET', `${repository(workflow)}/contents/${path}?ref=${encodeURIComponent(workflow.ref)}`, 'application/vnd.github.raw+json');
            }
            catch (err) {
                throw new Error(`the contents API answered ${describe(err)}`);
            }
        },
        async enable(workflow) {
            const file = encodeURIComponent(workflow.path.split('/').pop());
            await call('PUT', `${repository(workflow)}/actions/workflows/${file}/enable`, 'application/vnd.github+json');
        },
        close: () => transport.close()
    };
}
/** GITHUB_API_URL (GitHub Enterprise Server sets its own), or github.com's API. */
function apiBase(value) {
    try {
        const url = new URL(value || 'https://api.github.com');
        if (url.protocol === 'https:' || url.protocol === 'http:')
            return url;
    }
    catch {
        // reported below
    }
    throw new GitHubApiError(undefined, 'GITHUB_API_URL is not an http(s) address');
}
/** GitHub's `message` from a JSON error body, on one line and short. */
function messageOf(body) {
    try {
        const message = JSON.parse(body).message;
        if (typeof message === 'string')
            return message.split('\n')[0].slice(0, 200);
    }
    catch {
        // not JSON: say nothing of the body
    }
    return 'no readable message';
}
function describe(err) {
    const status = err.status;
    const message = err instanceof Error ? err.message.split('\n')[0].slice(0, 200) : String(err);
    return typeof status === 'number' ? `HTTP ${status}: ${message}` : message;
}


/***/ })

};
