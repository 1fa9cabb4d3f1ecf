import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };

const targetsOf = (platform: string) => {
  const section = config[platform] as { target: Array<string | { target: string }> };
  return section.target.map((t) => (typeof t === 'string' ? t : t.target)).sort();
};

describe('electron-builder.yml', () => {
  it('names the product as the app and paths.ts do', () => {
    expect(config.productName).toBe('Access Ledger');
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
  });

  it('packages only the built app, in an asar, with better-sqlite3 unpacked and rebuilt for Electron', () => {
    const files = config.files as string[];
    expect(files).toEqual(expect.arrayContaining(['dist/**', 'package.json']));
    for (const source of ['!electron/**', '!renderer/**', '!shared/**', '!test/**']) expect(files).toContain(source);
    expect(files.some((f) => !f.startsWith('!') && /^(electron|renderer|shared|test)\b/.test(f))).toBe(false);
    expect(pkg.main.startsWith('dist/')).toBe(true);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
    expect(config.npmRebuild).toBe(true);
  });

  it('flips the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('builds AppImage + deb, dmg and nsis', () => {
    expect(targetsOf('linux')).toEqual(['AppImage', 'deb']);
    expect(targetsOf('mac')).toEqual(['dmg']);
    expect(targetsOf('win')).toEqual(['nsis']);
  });

  it('uses only options electron-builder knows (checked against its own schema)', () => {
    const scheme = JSON.parse(
      fs.readFileSync(path.join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'),
    ) as { properties: Record<string, unknown>; definitions: Record<string, { properties?: Record<string, unknown> }> };
    for (const key of Object.keys(config)) expect(Object.keys(scheme.properties), key).toContain(key);
    const fuseKeys = Object.keys(scheme.definitions.FuseOptionsV1!.properties!);
    for (const key of Object.keys(config.electronFuses as object)) expect(fuseKeys, key).toContain(key);
  });
});
