export const id = 455;
export const ids = [455];
export const modules = {

/***/ 4455:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   describe: () => (/* binding */ describe),
/* harmony export */   workflowApi: () => (/* binding */ workflowApi)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/**
 * The two GitHub calls about the running workflow itself: read its file (contents API, when the
 * workspace has no checkout) and enable it (so that GitHub's 60-day auto-disable never stops the
 * keepalive). Loaded only when one of them is needed; failures become warnings.
 */

function workflowApi(githubToken, timeoutMs, budget) {
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(githubToken);
    const request = () => ({
        signal: AbortSignal.any([budget, AbortSignal.timeout(timeoutMs)])
    });
    return {
        async readFile(workflow) {
            try {
                const response = await octokit.rest.repos.getContent({
                    owner: workflow.owner,
                    repo: workflow.repo,
                    path: workflow.path,
                    ref: workflow.ref,
                    mediaType: { format: 'raw' },
                    request: request()
                });
                return String(response.data);
            }
            catch (err) {
                throw new Error(`the contents API answered ${describe(err)}`);
            }
        },
        async enable(workflow) {
            await octokit.rest.actions.enableWorkflow({
                owner: workflow.owner,
                repo: workflow.repo,
                workflow_id: workflow.path.split('/').pop(),
                request: request()
            });
        }
    };
}
function describe(err) {
    const status = err.status;
    const message = err instanceof Error ? err.message.split('\n')[0].slice(0, 200) : String(err);
    return typeof status === 'number' ? `HTTP ${status}: ${message}` : message;
}


/***/ })

};
