import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../electron/collect/config/load-config';
import { looksLikeSecretValue } from '../../../shared/domain/credential-name';
import { openCore } from '../../../electron/api/open-core';
import { ManualClock } from '../../../electron/platform/clock';
import { createMemoryLogger } from '../../../electron/platform/logger';

// A Prefect API key's shape (not a real key).
const PASTED_KEY = 'pnu_be205c4fd0a94e1b8c7d2e3f4a5b6c7d8e9f';
const SCIM_TOKEN = 'scimsim_Q3k9vX2mLp8RtY7wZ4nB6cD1';

describe('credential names', () => {
  it('tells a pasted credential from a variable name', () => {
    for (const name of ['OKTA_TOKEN', 'PREFECT_API_KEY', 'SIM_SCIM_TOKEN', 'ENTRA_CLIENT_SECRET_2026', 'okta_prod_token', 'K']) expect(looksLikeSecretValue(name), name).toBe(false);
    for (const value of [PASTED_KEY, SCIM_TOKEN, 'pnb_short', 'a'.repeat(65), 'x_9f8e7d6c5b4a39281706f5e4']) expect(looksLikeSecretValue(value), value).toBe(true);
  });

  it('a config that names a credential by its value is refused without repeating the value', () => {
    const text = `sources:\n  - id: prefect\n    kind: prefect\n    url: https://api.prefect.cloud/api\n    accountId: 00000000-0000-0000-0000-000000000000\n    auth: { type: bearer, tokenEnv: ${PASTED_KEY} }\n`;
    let message = '';
    try {
      parseConfigText(text, 'c.yaml');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/c\.yaml: sources\[0\]\.auth\.tokenEnv \(source "prefect"\): looks like the credential itself/);
    expect(message).not.toContain(PASTED_KEY);
  });

  it('the app refuses to save such a connection or keychain entry, so it is never stored, listed or shown', async () => {
    const core = openCore({ databasePath: ':memory:', clock: new ManualClock('2026-03-01T10:00:00Z'), logger: createMemoryLogger() });
    const saved = await core.service.dispatch('saveConnection', { connection: { id: 'scim', kind: 'scim', url: 'https://scim.example.com/scim/v2', auth: { type: 'bearer', tokenEnv: SCIM_TOKEN } } }, { transport: 'direct', actor: 't' });
    expect(saved).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('looks like the credential itself') } });
    expect(JSON.stringify(saved)).not.toContain(SCIM_TOKEN);
    const stored = await core.service.dispatch('setCredential', { name: PASTED_KEY, value: 'x' }, { transport: 'direct', actor: 't' });
    expect(stored).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(JSON.stringify(stored)).not.toContain(PASTED_KEY);
    expect((await core.service.call('listConnections', {})).connections).toEqual([]);
    expect(JSON.stringify(core.db.prepare('SELECT * FROM connections').all())).not.toContain(SCIM_TOKEN);
    await core.close();
  });
});

describe('a misspelt config key', () => {
  it('is named, instead of only "is required" for the key it meant', () => {
    let message = '';
    try {
      parseConfigText('sources:\n  - id: scim\n    kind: scim\n    url: https://scim.example.com/v2\n    auth: { type: bearer, tokenEnvv: SCIM_TOKEN }\n', 'c.yaml');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('c.yaml: sources[0].auth.tokenEnv (source "scim"): is required (found "tokenEnvv" instead: a misspelling of tokenEnv?)');
  });
});
