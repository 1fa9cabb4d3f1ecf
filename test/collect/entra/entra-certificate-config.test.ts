import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/main';
import { startEntraSimulator, type RunningEntraSim } from '../../../electron/simulate/entra/entra-sim';
import { buildEntraOrg } from '../../simulate/entra/fixtures';
import { makeTestCertificate, plainHex } from '../../simulate/entra/test-certificate';

/*
 * Certificate credentials the way a customer sets them up: a config file naming the
 * thumbprint and the environment variable that holds the key, read by `collect` (schema,
 * source mapping, connector) against the simulator holding the uploaded certificate. What the
 * command prints and logs (with --debug), and what it stores, never holds a line of the key.
 */
const certificate = makeTestCertificate();
const notUploaded = makeTestCertificate('not uploaded');
let sim: RunningEntraSim;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-entra-cert-config-'));
  // The simulator checks assertion times against its clock: the command signs with the real one.
  sim = await startEntraSimulator(buildEntraOrg(), { certificatePem: certificate.certificatePem, now: () => Date.now() });
});
afterAll(async () => {
  await sim.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function collect(name: string, thumbprint: string, privateKeyPem = certificate.privateKeyPem) {
  const c = sim.credentials;
  const config = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(
    config,
    `sources:\n  - id: entra\n    kind: entra\n    tenantId: ${c.tenantId}\n    clientId: ${c.clientId}\n    graphUrl: ${c.graphBaseUrl}\n    loginUrl: ${c.loginBaseUrl}\n` +
      `    auth: { type: certificate, privateKeyEnv: ENTRA_KEY, thumbprint: "${thumbprint}" }\n`,
  );
  const db = path.join(dir, `${name}.db`);
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: { ENTRA_KEY: privateKeyPem }, onStop: () => undefined };
  const code = await runCli(['collect', '--config', config, '--db', db, '--json', '--debug'], io);
  const stored = fs.existsSync(db) ? [db, `${db}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1')).join('') : '';
  const printed = out.join('') + err.join('');
  for (const line of privateKeyPem.split('\n').filter((l) => l && !l.startsWith('-----'))) {
    expect(printed).not.toContain(line);
    expect(stored).not.toContain(line);
  }
  return { code, printed, summary: code === 0 ? (JSON.parse(out.join('')) as { status: string; sources: { sourceId: string; status: string; records: number }[] }) : undefined };
}

describe('Entra certificate credentials from a config file', () => {
  it('collects with the SHA-256 thumbprint openssl prints (PS256) and with the SHA-1 one (RS256)', async () => {
    for (const [name, thumbprint] of [
      ['sha256', certificate.sha256Fingerprint],
      ['sha1', plainHex(certificate.sha1Fingerprint)],
    ] as const) {
      const run = await collect(name, thumbprint);
      expect(run.code, run.printed).toBe(0);
      expect(run.summary?.status).toBe('complete');
      expect(run.summary?.sources.find((s) => s.sourceId === 'entra')?.records).toBeGreaterThan(0);
    }
  }, 30_000);

  it('a certificate the app registration does not hold is named by its thumbprint', async () => {
    const run = await collect('not-uploaded', notUploaded.sha256Fingerprint, notUploaded.privateKeyPem);
    expect(run.code).toBe(1);
    expect(run.printed).toContain(`the certificate with SHA-256 thumbprint ${plainHex(notUploaded.sha256Fingerprint)} is uploaded to application ${sim.credentials.clientId}`);
    expect(run.printed).toContain('AADSTS700027');
  }, 30_000);

  it('a thumbprint of neither form is refused before anything is read, naming the key and both forms', async () => {
    const run = await collect('malformed', 'AB:CD:EF');
    expect(run.code).not.toBe(0);
    expect(run.printed).toMatch(/sources\[0\]\.auth\.thumbprint \(source "entra"\): must be the certificate's SHA-256 thumbprint \(64 hex digits.*or its SHA-1 thumbprint \(40 hex digits/);
  });
});
