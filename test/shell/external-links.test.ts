import { describe, expect, it } from 'vitest';
import { checkExternalUrl, EXTERNAL_LINK_HOSTS, externalLink, openExternalSafely } from '../../electron/shell/external-links';

function recordingShell() {
  const opened: string[] = [];
  return { opened, openExternal: async (url: string) => void opened.push(url) };
}

describe('openExternalSafely', () => {
  it('refuses anything but https to an allow-listed host, without calling the OS', async () => {
    const shell = recordingShell();
    const refused = [
      'http://docs.prefect.io/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'smb://docs.prefect.io/share',
      'ms-settings:privacy',
      'https://evil.example/',
      'https://docs.prefect.io.evil.example/',
      'https://evil.example/docs.prefect.io',
      'https://user:pass@docs.prefect.io/',
      'https://docs.prefect.io@evil.example/',
      'https://docs.prefect.io:8443/',
      'docs.prefect.io/v3',
      '',
    ];
    for (const url of refused) {
      expect(await openExternalSafely(url, shell), url).toBe(false);
    }
    expect(shell.opened).toEqual([]);
  });

  it('opens https links on the allow-listed hosts, as the normalised URL', async () => {
    const shell = recordingShell();
    expect(await openExternalSafely('https://docs.prefect.io/v3/manage/cloud/manage-users', shell)).toBe(true);
    expect(await openExternalSafely('HTTPS://DOCS.PREFECT.IO/v3', shell)).toBe(true);
    expect(shell.opened).toEqual(['https://docs.prefect.io/v3/manage/cloud/manage-users', 'https://docs.prefect.io/v3']);
  });

  it('has an explicit, frozen allow-list and builds links only to it', () => {
    expect(Object.isFrozen(EXTERNAL_LINK_HOSTS)).toBe(true);
    expect(EXTERNAL_LINK_HOSTS).toContain('docs.prefect.io');
    for (const host of EXTERNAL_LINK_HOSTS) expect(checkExternalUrl(`https://${host}/x`)).toBe(`https://${host}/x`);
    expect(externalLink('docs.prefect.io', '/v3/manage/cloud')).toBe('https://docs.prefect.io/v3/manage/cloud');
    expect(() => externalLink('evil.example', '/')).toThrow(/not an allow-listed/);
  });
});
