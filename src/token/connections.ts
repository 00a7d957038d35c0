/** What the tokens of one run share: connections, and one server info request per server. */
import type { TableauClient } from '../tableau/client.js'
import { HttpTransport } from '../tableau/http.js'
import type { ServerInfo } from '../tableau/responses.js'

/**
 * What tokens checked in one run share: connections, and one server info request per server.
 */
export class SharedConnections {
  readonly transport: HttpTransport
  private readonly serverInfos = new Map<string, Promise<Settled<ServerInfo>>>()

  constructor(timeoutMs: number) {
    this.transport = new HttpTransport(timeoutMs)
  }

  serverInfo(client: TableauClient): Promise<Settled<ServerInfo>> {
    let info = this.serverInfos.get(client.origin)
    if (!info) {
      info = settle(client.serverInfo())
      this.serverInfos.set(client.origin, info)
    }
    return info
  }

  close(): void {
    this.transport.close()
  }
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown }

export function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    value => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error })
  )
}
