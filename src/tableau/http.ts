/**
 * One HTTP exchange with a hard deadline and a body size cap. Connections go through the agent of
 * @actions/http-client, which routes through https_proxy / http_proxy and honours no_proxy; the
 * request itself is ours so that one timer bounds connect + headers + body (a trickling server
 * cannot stretch it) and so that redirects stay under the caller's control.
 */
import * as http from 'node:http'
import * as https from 'node:https'
import { HttpClient } from '@actions/http-client'
import { messageOf } from '../core/error-text.js'

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT'
  url: URL
  headers: Record<string, string>
  body?: string
  /** Deadline for this exchange; the transport's timeout when not given (never longer). */
  timeoutMs?: number
}

export interface HttpResponse {
  status: number
  contentType: string
  location?: string
  retryAfter?: string
  body: string
}

export const MAX_BODY_BYTES = 1024 * 1024
const USER_AGENT = 'tableau-pat-keepalive'

/** A failure below HTTP: `code` is Node's (ECONNREFUSED, CERT_HAS_EXPIRED...) or ETIMEDOUT / EBODYTOOLARGE. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string
  ) {
    super(message)
  }
}

export class HttpTransport {
  // One client per protocol: http-client caches a single agent per client, whatever the protocol.
  private readonly clients = new Map<string, HttpClient>()

  constructor(
    readonly timeoutMs: number,
    private readonly maxBodyBytes = MAX_BODY_BYTES
  ) {}

  send(req: HttpRequest): Promise<HttpResponse> {
    const isHttps = req.url.protocol === 'https:'
    const agent = this.clientFor(req.url.protocol).getAgent(req.url.href)
    const headers: Record<string, string> = { 'User-Agent': USER_AGENT, ...req.headers }
    if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body))
    const timeoutMs = Math.min(req.timeoutMs ?? this.timeoutMs, this.timeoutMs)
    const signal = AbortSignal.timeout(Math.max(1, timeoutMs))
    const seconds = this.timeoutMs / 1000

    return new Promise<HttpResponse>((resolve, reject) => {
      const fail = (err: unknown): void => {
        if (signal.aborted) {
          reject(
            new TransportError(
              `no complete answer within the timeout (timeout-seconds: ${seconds})`,
              'ETIMEDOUT'
            )
          )
        } else if (err instanceof TransportError) {
          reject(err)
        } else {
          const code = (err as { code?: unknown }).code
          reject(new TransportError(messageOf(err), typeof code === 'string' ? code : 'EUNKNOWN'))
        }
      }
      const onResponse = (res: http.IncomingMessage): void => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > this.maxBodyBytes) {
            request.destroy(
              new TransportError(
                `the answer is larger than ${this.maxBodyBytes / 1024 / 1024} MiB`,
                'EBODYTOOLARGE'
              )
            )
          } else chunks.push(chunk)
        })
        res.on('error', fail)
        res.on('end', () => {
          if (!res.complete)
            return fail(
              new TransportError(
                'the connection closed before the answer was complete',
                'ECONNRESET'
              )
            )
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            location: res.headers.location,
            retryAfter: headerText(res.headers['retry-after']),
            body: Buffer.concat(chunks).toString('utf8')
          })
        })
      }
      const options = { method: req.method, headers, agent, signal }
      const request = isHttps
        ? https.request(req.url, options, onResponse)
        : http.request(req.url, options, onResponse)
      request.on('error', fail)
      request.end(req.body)
    })
  }

  /** Frees kept-alive connections. */
  close(): void {
    for (const client of this.clients.values()) client.dispose()
    this.clients.clear()
  }

  private clientFor(protocol: string): HttpClient {
    let client = this.clients.get(protocol)
    if (!client) {
      client = new HttpClient(USER_AGENT, [], {
        keepAlive: true,
        allowRedirects: false,
        allowRetries: false
      })
      this.clients.set(protocol, client)
    }
    return client
  }
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
