/**
 * Starts the fake Tableau server on 127.0.0.1 and keeps it running, for the workflow job that
 * runs the action with `uses: ./` and for trying the action by hand.
 * Usage: node build/scripts/fake-server.js <port> <token-name> <secret> [site] [days-left]
 */
import { FakeTableauServer, inDays } from '../__tests__/fakes/tableau-server.js'

const [port = '8787', name = 'ci-token', secret = 'ci-secret', site = '', days] =
  process.argv.slice(2)
const server = new FakeTableauServer({
  tokens: [{ name, secret, site, expiresAt: days === undefined ? undefined : inDays(Number(days)) }]
})
await server.start(Number(port))
console.log(`fake Tableau server on ${server.url}`)
