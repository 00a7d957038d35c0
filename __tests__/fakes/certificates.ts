/** Throwaway certificates for the TLS tests, made with the openssl command line. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TestPki {
  dir: string
  /** Path of the CA certificate, for NODE_EXTRA_CA_CERTS. */
  caPath: string
  /** A certificate signed by the CA for the given subject alternative names; days -1 makes it expired. */
  leaf(name: string, altNames: string, days?: number): { key: string; cert: string }
  /** A self-signed certificate (no CA). */
  selfSigned(altNames: string): { key: string; cert: string }
  remove(): void
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']

export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'pat-keepalive-pki-'))
  const at = (file: string): string => join(dir, file)
  const openssl = (...args: string[]): void => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
    } catch (err) {
      throw new Error(
        `openssl ${args[0]} failed (the TLS tests need the openssl command): ${String(err)}`
      )
    }
  }
  openssl(
    'req',
    '-x509',
    ...EC,
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=Keepalive Test CA'
  )
  const read = (name: string) => ({
    key: readFileSync(at(`${name}.key`), 'utf8'),
    cert: readFileSync(at(`${name}.pem`), 'utf8')
  })
  return {
    dir,
    caPath: at('ca.pem'),
    leaf(name, altNames, days = 2) {
      writeFileSync(at(`${name}.ext`), `subjectAltName=${altNames}\n`)
      openssl(
        'req',
        ...EC,
        '-keyout',
        at(`${name}.key`),
        '-out',
        at(`${name}.csr`),
        '-subj',
        `/CN=${name}`
      )
      openssl(
        'x509',
        '-req',
        '-in',
        at(`${name}.csr`),
        '-CA',
        at('ca.pem'),
        '-CAkey',
        at('ca.key'),
        '-CAcreateserial',
        '-out',
        at(`${name}.pem`),
        '-days',
        String(days),
        '-extfile',
        at(`${name}.ext`)
      )
      return read(name)
    },
    selfSigned(altNames) {
      openssl(
        'req',
        '-x509',
        ...EC,
        '-keyout',
        at('self.key'),
        '-out',
        at('self.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=self',
        '-addext',
        `subjectAltName=${altNames}`
      )
      return read('self')
    },
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}
