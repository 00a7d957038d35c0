/**
 * What the GitHub Actions runner keeps of a step's output, and the bounds this action holds to
 * so that nothing it says is cut or dropped. Sources (actions/runner, main):
 * - src/Runner.Worker/ExecutionContext.cs: `_maxIssueMessageLength = 4096` (an annotation's
 *   message is cut there) and `_maxCountPerIssueType = 10` (annotations of one type per step;
 *   the rest only reach the log);
 * - src/Runner.Worker/FileCommandManager.cs, CreateStepSummaryCommand: a step summary over
 *   1 MiB (`_attachmentSizeLimit = 1024 * 1024`) is dropped whole;
 * - environment strings: Linux refuses one over 131,072 bytes (MAX_ARG_STRLEN, E2BIG), Windows
 *   one over 32,767 characters; an output passed to a later step through `env:` is one.
 * Outputs themselves may be up to 1 MB each (docs: "Metadata syntax", outputs).
 */

export const ANNOTATION_MESSAGE_MAX = 4096
export const ANNOTATIONS_PER_TYPE = 10
export const STEP_SUMMARY_MAX_BYTES = 1024 * 1024
/** Rows of the summary table; at about 500 bytes a row with its notes, far under 1 MiB. */
export const SUMMARY_MAX_ROWS = 200
/** The results output, in bytes: under Linux's 128 KiB for one environment string. */
export const RESULTS_OUTPUT_MAX_BYTES = 120_000
/** Lines a run prints per token at most beyond this many tokens; the rest are counted. */
export const LOGGED_TOKENS_MAX = 200
