import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestCertificate {
  certificatePem: string;
  privateKeyPem: string;
  /** As `openssl x509 -noout -fingerprint -sha256` prints it (after the "="): upper-case hex with ':'. */
  sha256Fingerprint: string;
  /** As `openssl x509 -noout -fingerprint -sha1` prints it. */
  sha1Fingerprint: string;
}

/**
 * A self-signed certificate and its key, made with openssl the way an admin makes one to
 * upload to an app registration. The thumbprints are openssl's, not ours, so the tests check
 * the connector and the simulator against an outside reading of the certificate's DER.
 */
export function makeTestCertificate(commonName = 'Access Ledger test app'): TestCertificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-entra-cert-'));
  try {
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' }).toString();
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2', '-subj', `/CN=${commonName}`);
    const fingerprint = (digest: string) => run('x509', '-noout', '-fingerprint', `-${digest}`, '-in', 'cert.pem').trim().split('=')[1] ?? '';
    return {
      certificatePem: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
      privateKeyPem: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      sha256Fingerprint: fingerprint('sha256'),
      sha1Fingerprint: fingerprint('sha1'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The hex digits alone, as the Azure portal shows a thumbprint. */
export function plainHex(fingerprint: string): string {
  return fingerprint.replace(/:/g, '');
}
