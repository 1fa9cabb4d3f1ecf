import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../electron/collect/config/load-config';
import { parseCertificateThumbprint } from '../../../shared/domain/certificate-thumbprint';

const SHA256 = '3F:2A:9C:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:01:23:45:67:89:AB:CD:EF:10:32:54:76:98';
const SHA1 = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';

const entraWith = (thumbprint: string) =>
  `sources:\n  - id: entra\n    kind: entra\n    tenantId: contoso\n    clientId: app-1\n    auth: { type: certificate, privateKeyEnv: ENTRA_KEY, thumbprint: "${thumbprint}" }\n`;

function refusal(text: string): string {
  try {
    parseConfigText(text, 'c.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('an Entra certificate thumbprint in the config', () => {
  it('is read as SHA-256 (openssl\'s form, any case, with separators) or SHA-1 by its length', () => {
    expect(parseCertificateThumbprint(SHA256)).toEqual({ algorithm: 'sha256', hex: SHA256.replace(/:/g, '').toLowerCase() });
    expect(parseCertificateThumbprint(SHA256.toLowerCase().replace(/:/g, ' '))?.algorithm).toBe('sha256');
    expect(parseCertificateThumbprint(SHA1)).toEqual({ algorithm: 'sha1', hex: SHA1.toLowerCase() });
    for (const bad of ['', 'abc', SHA1.slice(2), `${SHA256}00`, SHA256.replace('3F', 'XZ')]) expect(parseCertificateThumbprint(bad), bad).toBeUndefined();
  });

  it('accepts both forms in a config file', () => {
    for (const thumbprint of [SHA256, SHA1]) {
      const config = parseConfigText(entraWith(thumbprint), 'c.yaml');
      expect(config.sources[0]).toMatchObject({ auth: { type: 'certificate', thumbprint } });
    }
  });

  it('refuses anything else naming the key and both forms, without repeating the value', () => {
    const pasted = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ';
    const message = refusal(entraWith(pasted));
    expect(message).toMatch(/^c\.yaml: sources\[0\]\.auth\.thumbprint \(source "entra"\): must be the certificate's SHA-256 thumbprint \(64 hex digits/);
    expect(message).toContain('openssl x509 -noout -fingerprint -sha256');
    expect(message).toContain('SHA-1 thumbprint (40 hex digits');
    expect(message).not.toContain(pasted);
  });
});
