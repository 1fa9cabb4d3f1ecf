import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// Proves that the architecture rules in eslint.config.mjs fire: small snippets are linted as
// if they lived at a given path in the project (the files need not exist).

const root = path.resolve(__dirname, '..', '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** Messages of the architecture rules (the recommended rules are not what is tested here). */
async function violations(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  const fatal = result!.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`snippet for ${filePath} does not parse: ${fatal.message}`);
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => `${m.ruleId}: ${m.message}`);
}

const useApp = "import { app } from 'electron';\nexport const name = app.getName();\n";

describe("(a) only electron/shell imports 'electron'", () => {
  it.each(['renderer/src/x.ts', 'electron/api/x.ts', 'electron/db/x.ts', 'electron/cli/commands/x.ts', 'shared/api/x.ts', 'test/api/x.test.ts'])(
    'refused in %s',
    async (file) => {
      expect((await violations(useApp, file)).join('\n')).toMatch(/electron/);
    },
  );

  it('refuses type-only imports, require() and dynamic import outside the shell too', async () => {
    const only = /^no-restricted-(imports|syntax): .*Only electron\/shell\/\*\* may use 'electron'/;
    const typeOnly = await violations("import type { App } from 'electron';\nexport type A = App;\n", 'electron/api/x.ts');
    expect(typeOnly).toHaveLength(1);
    expect(typeOnly[0]).toMatch(only);
    const required = await violations("const electron = require('electron');\nmodule.exports = electron;\n", 'electron/platform/x.cjs');
    expect(required).toHaveLength(1);
    expect(required[0]).toMatch(only);
    const dynamic = await violations("export const load = () => import('electron');\n", 'electron/collect/x.ts');
    expect(dynamic).toHaveLength(1);
    expect(dynamic[0]).toMatch(only);
  });

  it.each(['electron/shell/main.ts', 'electron/shell/start-app.ts', 'electron/shell/window-state.ts'])('allowed in %s', async (file) => {
    expect(await violations(useApp, file)).toEqual([]);
  });
});

describe('(b) no raw ipcMain/ipcRenderer outside the typed wrappers', () => {
  const rawHandle = "import { ipcMain } from 'electron';\nipcMain.handle('x', () => 1);\n";
  const rawInvoke = "import { ipcRenderer } from 'electron';\nexport const f = () => ipcRenderer.invoke('x');\n";

  it('refuses importing or calling them elsewhere in the shell', async () => {
    expect(await violations(rawHandle, 'electron/shell/start-app.ts')).not.toEqual([]);
    expect(await violations(rawInvoke, 'electron/shell/window-state.ts')).not.toEqual([]);
    expect(
      await violations("import * as electron from 'electron';\nelectron.ipcMain.handle('x', () => 1);\n", 'electron/shell/harden-web-contents.ts'),
    ).not.toEqual([]);
  });

  it('refuses them in the entry files except as an argument to the wrapper', async () => {
    expect(await violations(rawHandle, 'electron/shell/main.ts')).not.toEqual([]);
    expect(await violations(rawInvoke, 'electron/shell/preload.ts')).not.toEqual([]);
    const handedOver = "import { ipcMain } from 'electron';\nimport { registerIpcHandlers } from './ipc-main';\nregisterIpcHandlers(ipcMain, service, check);\n";
    expect(await violations(handedOver, 'electron/shell/main.ts')).toEqual([]);
    const aliased = "import { ipcMain } from 'electron';\nconst m = ipcMain;\nm.handle('x', () => 1);\n";
    expect(await violations(aliased, 'electron/shell/main.ts')).not.toEqual([]);
  });

  it('allows them in ipc-main.ts and ipc-renderer.ts', async () => {
    expect(await violations(rawHandle, 'electron/shell/ipc-main.ts')).toEqual([]);
    expect(await violations(rawInvoke, 'electron/shell/ipc-renderer.ts')).toEqual([]);
  });

  it('refuses them anywhere outside the shell', async () => {
    expect(await violations('export function f(ipcMain: { handle(): void }) { ipcMain.handle(); }\n', 'electron/api/x.ts')).not.toEqual([]);
  });
});

describe('(c) the renderer imports nothing from electron/ and no Node built-ins', () => {
  it.each([
    "import { openCore } from '../../electron/api/open-core';",
    "import { createService } from '../electron/api/service';",
    "import type { Core } from '../../electron/api/open-core';",
    "import x from 'electron';",
    "import fs from 'node:fs';",
    "import fs from 'fs';",
    "import path from 'path';",
    "import { spawn } from 'child_process';",
    "import http from 'node:http';",
  ])('refuses %s', async (line) => {
    expect(await violations(`${line}\nexport const x = 1;\n`, 'renderer/src/pages/x.tsx')).not.toEqual([]);
  });

  it('also in shared/, which the renderer bundles', async () => {
    expect(await violations("import fs from 'node:fs';\nexport const x = fs;\n", 'shared/api/x.ts')).not.toEqual([]);
    expect(await violations("import { openCore } from '../../electron/api/open-core';\nexport const x = openCore;\n", 'shared/x.ts')).not.toEqual([]);
  });

  it('allows shared/ and the renderer’s own modules', async () => {
    const ok = "import { channelNames } from '../../../shared/api/contract';\nimport { App } from './app';\nexport const x = [channelNames, App];\n";
    expect(await violations(ok, 'renderer/src/pages/x.tsx')).toEqual([]);
  });

  it('allows Node built-ins on the main side', async () => {
    expect(await violations("import fs from 'node:fs';\nexport const x = fs;\n", 'electron/db/x.ts')).toEqual([]);
  });
});

describe('shell.openExternal and file://', () => {
  it('allows openExternal only in external-links.ts', async () => {
    const open = "import { shell } from 'electron';\nexport const f = (u: string) => shell.openExternal(u);\n";
    expect(await violations(open, 'electron/shell/start-app.ts')).not.toEqual([]);
    expect(await violations(open, 'electron/shell/external-links.ts')).toEqual([]);
  });

  it('refuses loadFile in the shell', async () => {
    expect(await violations('export const f = (w: { loadFile(p: string): void }) => w.loadFile("index.html");\n', 'electron/shell/start-app.ts')).not.toEqual([]);
  });
});

describe('the project itself', () => {
  it('the shell files pass the rules as written', async () => {
    const results = await eslint.lintFiles(['electron/shell/**/*.ts', 'eslint.config.mjs', 'electron/build/start.mjs']);
    const problems = results.flatMap((r) => r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`));
    expect(problems).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(10);
  });
});
