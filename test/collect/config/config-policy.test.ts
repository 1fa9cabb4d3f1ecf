import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfigFile, parseConfigText } from '../../../electron/collect/config/load-config';
import { AppError } from '../../../shared/api/result';

const SOURCES = `sources:
  - id: hr
    kind: hr_csv
    path: ./roster.csv
`;

/** The message of the AppError that parsing `text` as `file` throws. */
function refusal(text: string, file = 'config.yaml'): string {
  try {
    parseConfigText(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_ARGUMENT');
    return (error as AppError).message;
  }
  throw new Error('expected the config to be refused');
}

describe('the policy section of a collection config', () => {
  it('is optional: a config without one has no policy', () => {
    expect(parseConfigText(SOURCES, 'config.yaml').policy).toBeUndefined();
  });

  it('is validated with the policy schema and filled with its defaults (YAML)', () => {
    const config = parseConfigText(
      `${SOURCES}policy:
  dormancyDays: 45
  breakGlassEmails: [Glass@Example.com]
  mappings:
    - idpGroup: prefect-admins
      prefectTeam: prefect-admins
      accountRole: Admin
      workspaceRoles: [{ workspace: prod, role: Owner }]
  sodPairs:
    - { a: { idpGroup: deployers }, b: { workspaceRole: Approver, workspace: prod }, name: deploy vs approve }
`,
      'config.yaml',
    );
    expect(config.policy).toEqual({
      mappings: [{ idpGroup: 'prefect-admins', prefectTeam: 'prefect-admins', accountRole: 'Admin', workspaceRoles: [{ workspace: 'prod', role: 'Owner' }] }],
      offboardingDeadlineHours: 24,
      maxApiKeyAgeDays: 365,
      dormancyDays: 45,
      breakGlassEmails: ['glass@example.com'],
      sodPairs: [{ a: { idpGroup: 'deployers' }, b: { workspaceRole: 'Approver', workspace: 'prod' }, name: 'deploy vs approve' }],
    });
  });

  it('is read from JSON configs too', () => {
    const json = JSON.stringify({ sources: [{ id: 'hr', kind: 'hr_csv', path: 'r.csv' }], policy: { offboardingDeadlineHours: 8 } });
    expect(parseConfigText(json, 'config.json').policy?.offboardingDeadlineHours).toBe(8);
    expect(refusal(JSON.stringify({ sources: [{ id: 'hr', kind: 'hr_csv', path: 'r.csv' }], policy: { dormancyDays: 'soon' } }), 'ops/config.json')).toMatch(
      /^ops\/config\.json: policy\.dormancyDays: .*expected number/,
    );
  });

  it('names the file and the key path of a bad value', () => {
    const mappings = `${SOURCES}policy:
  mappings:
    - { idpGroup: a }
    - { idpGroup: b }
    - { idpGroup: c, accountRole: 7 }
`;
    expect(refusal(mappings)).toMatch(/^config\.yaml: policy\.mappings\[2\]\.accountRole: .*expected string/);
    expect(refusal(`${SOURCES}policy:\n  dormancyDays: -3\n`)).toMatch(/^config\.yaml: policy\.dormancyDays: Too small/);
    expect(refusal(`${SOURCES}policy:\n  breakGlassEmails: [nobody]\n`)).toBe('config.yaml: policy.breakGlassEmails[0]: must be an email address');
    expect(refusal(`${SOURCES}policy:\n  mappings:\n    - { prefectTeam: x }\n`)).toBe('config.yaml: policy.mappings[0].idpGroup: is required');
  });

  it('takes the termination time zone, and names the file, key and value of one Intl does not know', () => {
    expect(parseConfigText(`${SOURCES}policy:\n  terminationTimeZone: Asia/Tokyo\n`, 'config.yaml').policy?.terminationTimeZone).toBe('Asia/Tokyo');
    // Left out, it stays out (UTC is what the analysis reads for it).
    expect(parseConfigText(`${SOURCES}policy:\n  dormancyDays: 45\n`, 'config.yaml').policy).not.toHaveProperty('terminationTimeZone');
    expect(refusal(`${SOURCES}policy:\n  terminationTimeZone: Europe/Berln\n`)).toBe(
      'config.yaml: policy.terminationTimeZone: unknown time zone "Europe/Berln"; use an IANA name such as Europe/Berlin',
    );
    expect(refusal(`${SOURCES}policy:\n  terminationTimeZone: 9\n`)).toMatch(/^config\.yaml: policy\.terminationTimeZone: .*expected string/);
  });

  it('says what a segregation-of-duties side may be', () => {
    expect(refusal(`${SOURCES}policy:\n  sodPairs:\n    - { a: { team: x }, b: { colour: red } }\n`)).toBe(
      'config.yaml: policy.sodPairs[0].b: must be one of { team }, { idpGroup }, { accountRole } or { workspaceRole, workspace? }',
    );
  });

  it('refuses unknown keys and a version, which only the app assigns', () => {
    expect(refusal(`${SOURCES}policy:\n  dormantDays: 30\n`)).toBe('config.yaml: policy: unknown key "dormantDays"');
    expect(refusal(`${SOURCES}policy:\n  version: 3\n  dormancyDays: 30\n`)).toBe('config.yaml: policy: unknown key "version"');
  });

  it('names the file it was loaded from', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-config-policy-'));
    try {
      const file = path.join(dir, 'access-ledger.yaml');
      fs.writeFileSync(file, `${SOURCES}policy:\n  maxApiKeyAgeDays: 1.5\n`);
      expect(() => loadConfigFile(file)).toThrow(`${file}: policy.maxApiKeyAgeDays: `);
      fs.writeFileSync(file, `${SOURCES}policy:\n  maxApiKeyAgeDays: 90\n`);
      expect(loadConfigFile(file).config.policy?.maxApiKeyAgeDays).toBe(90);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
