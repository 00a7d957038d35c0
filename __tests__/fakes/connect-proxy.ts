/**
 * A forward proxy on 127.0.0.1 that tunnels CONNECT requests and records their targets. It only
 * connects to this machine: names in `hosts` are mapped to a loopback address (and, when given
 * as "address:port", a port) without DNS, and any other target that is not a loopback address is
 * refused.
 */
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'

export class ConnectProxy {
  readonly targets: string[] = []
  private server?: Server
  private readonly sockets = new Set<Socket>()

  constructor(private readonly hosts: Record<string, string> = {}) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`
  }

  async start(): Promise<void> {
    this.server = createServer((_, res) => res.writeHead(405).end('CONNECT only'))
    this.server.on('connect', (req, client: Socket, head: Buffer) => {
      const target = req.url ?? ''
      this.targets.push(target)
      const at = target.lastIndexOf(':')
      const name = target.slice(0, at).replace(/^\[|\]$/g, '')
      const mapped = this.hosts[name] ?? name
      const withPort = /^([\d.]+):(\d+)$/.exec(mapped)
      const host = withPort?.[1] ?? mapped
      const port = withPort?.[2] ?? target.slice(at + 1)
      if (!/^(127\.|::ffff:7f00:|::ffff:127\.|::1$)/.test(host)) {
        client.end('HTTP/1.1 403 Forbidden\r\n\r\n')
        return
      }
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        upstream.write(head)
        upstream.pipe(client).pipe(upstream)
      })
      for (const socket of [client, upstream]) {
        this.sockets.add(socket)
        socket.on('error', () => socket.destroy())
        socket.on('close', () => this.sockets.delete(socket))
      }
    })
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve))
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise(resolve => this.server?.close(resolve))
  }
}
