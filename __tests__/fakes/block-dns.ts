/**
 * A module to preload into the action's process (node --import): every DNS lookup fails at once,
 * so a test that uses a made-up host name never sends a query off this machine.
 */
export const BLOCK_DNS =
  'data:text/javascript,import dns from "node:dns"; dns.lookup = (host, ...rest) => process.nextTick(rest.at(-1), Object.assign(new Error(`DNS blocked in tests: ${host}`), { code: "ENOTFOUND" }))'
