/**
 * The dead-man's switch: after a passing run, a GET to heartbeat-url, the ping convention of cron
 * monitors (healthchecks.io, Cronitor). When the pings stop (the workflow was disabled, deleted
 * or broken, or a token failed), the monitor alerts on its own schedule. The URL carries the
 * monitor's key: it is masked, never printed, and never followed to another origin. A failed
 * ping is a warning, never a failure.
 */
import { HttpTransport } from '../tableau/http.js'
import { nextHop } from '../tableau/redirects.js'
import { DEFAULT_RETRY_POLICY, sendWithRetries } from '../tableau/retry.js'

/** Pings the URL; returns a warning when the ping did not get a 2xx answer. */
export async function sendHeartbeat(
  url: URL,
  { timeoutMs, retries }: { timeoutMs: number; retries: number },
  input = 'heartbeat-url',
  debug?: (line: string) => void
): Promise<string | undefined> {
  const transport = new HttpTransport(timeoutMs)
  const failed = (why: string): string =>
    `Heartbeat not delivered: the ping to ${input} ${why}. Your monitor will alert if pings stay away; the keepalive result is unchanged.`
  try {
    let target = url
    for (let hop = 0; ; hop++) {
      const sent = await sendWithRetries(
        transport,
        { method: 'GET', url: target, headers: {} },
        { ...DEFAULT_RETRY_POLICY, retries },
        // The path holds the key: debug lines name the host only.
        debug && (line => debug(line.replace(target.pathname, '/…')))
      )
      const after = sent.attempts > 1 ? ` after ${sent.attempts} attempts` : ''
      if ('failure' in sent) return failed(`failed${after} (${sent.failure.code})`)
      const { status, location } = sent.res
      if (status >= 200 && status < 300) return undefined
      if (status < 300 || status >= 400 || !location) return failed(`got HTTP ${status}${after}`)
      // Never to another origin than the one given: the key would go with it.
      const next = nextHop(target, location, hop, (_, to) => to.origin === url.origin)
      if ('refused' in next)
        return failed(
          next.tooMany
            ? `was ${next.refused}`
            : 'was redirected to another address, which is not followed'
        )
      target = next.to
    }
  } finally {
    transport.close()
  }
}
