import { describe, expect, it } from 'vitest';
import { redact } from '../../../electron/platform/redact';

/*
 * "POST https://login.microsoftonline.com/t/oauth2/v2.0/token: could not connect ..." is an
 * endpoint and what happened to it: the redactor took "token: could" for a key and its value
 * and turned Entra's and Okta's token-request errors into "[redacted] not connect ...".
 */
describe('redacting errors that name a token endpoint', () => {
  it('keeps what happened after an endpoint whose path ends in a key-like word', () => {
    for (const text of [
      'POST https://login.microsoftonline.com/t/oauth2/v2.0/token: could not connect to the proxy 127.0.0.1:3128 (connection refused)',
      'POST https://login.microsoftonline.com/t/oauth2/v2.0/token: timed out (headers timeout)',
      'Okta OAuth token request /oauth2/v1/token: HTTP 401 with a body that is not an OAuth error',
    ]) {
      expect(redact(text)).toBe(text);
    }
  });

  it('still masks a value after a key, however it is written', () => {
    expect(redact('token: s3cr3t-value')).toBe('token: [redacted]');
    expect(redact('https://x.example/token=s3cr3t-value')).toBe('https://x.example/token=[redacted]');
    expect(redact('https://x.example/token:s3cr3t-value')).toBe('https://x.example/token:[redacted]');
    expect(redact('GET /cb?access_token=s3cr3t-value')).toBe('GET /cb?access_token=[redacted]');
    expect(redact('form client_secret=s3cr3t-value&x=1')).toBe('form client_secret=[redacted]&x=1');
    expect(redact('{"password": "s3cr3t-value"}')).toBe('{"password": "[redacted]"}');
    expect(redact('x/access_token: s3cr3t-value')).not.toContain('s3cr3t');
  });
});
