// Lint: the recommended rules, plus rules that enforce the architecture (see
// ../shared/reference/architecture-style.md "Where code may run"):
//   (a) only the Electron shell (electron/shell/**) imports 'electron';
//   (b) ipcMain/ipcRenderer are used raw only in the typed wrappers (electron/shell/ipc-main.ts,
//       electron/shell/ipc-renderer.ts); the entry files (main.ts, preload.ts) may import them
//       only to hand them to those wrappers;
//   (c) the renderer (and shared/, which the renderer bundles) imports nothing from electron/
//       and no Node built-ins: the UI never reaches the disk or the network itself;
//   plus: shell.openExternal only inside electron/shell/external-links.ts, and no loadFile
//   (file://) anywhere in the shell.
// ESLint replaces (does not merge) a rule's options when several config objects match a
// file, so each group of files below gets its complete list of restrictions.
import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const IPC_WRAPPERS = ['electron/shell/ipc-main.ts', 'electron/shell/ipc-renderer.ts'];
const SHELL_ENTRIES = ['electron/shell/main.ts', 'electron/shell/preload.ts'];
const EXTERNAL_LINKS = 'electron/shell/external-links.ts';
// Resolves the Electron *binary path* (the npm package's export under plain Node), not the API.
const ELECTRON_LAUNCHER = 'electron/build/start.mjs';
const BROWSER_SIDE = ['renderer/**', 'shared/**'];

const msg = {
  electron: "Only electron/shell/** may use 'electron'; the core runs on plain Node (pass what it needs in as arguments).",
  ipcImport: 'Raw ipcMain/ipcRenderer belong in electron/shell/ipc-main.ts and ipc-renderer.ts; use registerIpcHandlers / createLedgerBridge.',
  ipcUse: 'Pass ipcMain/ipcRenderer straight to the typed wrapper (registerIpcHandlers / createLedgerBridge); do not call them here.',
  browserElectron: 'The renderer and shared/ must not import from electron/: talk to the main side through the API client (window.ledger or the bridge).',
  browserNode: 'The renderer and shared/ run in the browser: no Node built-ins (no disk, no sockets); go through the API.',
  externalLinks: 'Open URLs only through openExternalSafely() in electron/shell/external-links.ts (https + allow-listed hosts).',
  loadFile: 'The UI is served from app://, never file://.',
};

const electronModule = { name: 'electron', message: msg.electron };
const ipcNames = { name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: msg.ipcImport };
const nodeBuiltins = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '')))]
  .filter((m) => !m.startsWith('_'))
  .map((name) => ({ name, message: msg.browserNode }));

const IPC = '/^(ipcMain|ipcRenderer)$/';
const syntax = {
  requireElectron: [
    { selector: "CallExpression[callee.name='require'][arguments.0.value='electron']", message: msg.electron },
    { selector: "ImportExpression[source.value='electron']", message: msg.electron },
  ],
  // Any mention of ipcMain/ipcRenderer, as a name or as a property (electron.ipcMain).
  anyIpc: [
    { selector: `Identifier[name=${IPC}]`, message: msg.ipcImport },
  ],
  // In the entry files: only the import itself and passing it as an argument.
  ipcOnlyAsArgument: [
    {
      selector: `Identifier[name=${IPC}]:not(ImportSpecifier > Identifier):not(CallExpression > Identifier.arguments)`,
      message: msg.ipcUse,
    },
  ],
  shellOpen: [{ selector: "MemberExpression[property.name='openExternal']", message: msg.externalLinks }],
  loadFile: [{ selector: "MemberExpression[property.name='loadFile']", message: msg.loadFile }],
};

const restrict = (paths, patterns = []) => ['error', { paths, patterns }];
const restrictSyntax = (...groups) => ['error', ...groups.flat()];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'coverage/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  // End-to-end scripts hand functions to page.evaluate(), which run in the browser.
  { files: ['test/e2e/**'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },

  // (a) Everything outside the shell: no 'electron' at all.
  {
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    ignores: ['electron/shell/**', ...BROWSER_SIDE],
    rules: {
      'no-restricted-imports': restrict([electronModule]),
      'no-restricted-syntax': restrictSyntax(syntax.requireElectron, syntax.anyIpc, syntax.shellOpen),
    },
  },
  { files: [ELECTRON_LAUNCHER], rules: { 'no-restricted-syntax': restrictSyntax(syntax.anyIpc, syntax.shellOpen) } },
  // Tests drive fake IPC and shell objects (and mock 'electron' with vi.mock), but import no real 'electron' either.
  { files: ['test/**'], rules: { 'no-restricted-syntax': restrictSyntax(syntax.requireElectron) } },

  // (b) Inside the shell: 'electron' yes, raw IPC only in the wrappers and as arguments in the entries.
  {
    files: ['electron/shell/**'],
    ignores: [...IPC_WRAPPERS, ...SHELL_ENTRIES],
    rules: {
      'no-restricted-imports': restrict([ipcNames]),
      'no-restricted-syntax': restrictSyntax(syntax.anyIpc, syntax.shellOpen, syntax.loadFile),
    },
  },
  { files: [EXTERNAL_LINKS], rules: { 'no-restricted-syntax': restrictSyntax(syntax.anyIpc, syntax.loadFile) } },
  { files: SHELL_ENTRIES, rules: { 'no-restricted-syntax': restrictSyntax(syntax.ipcOnlyAsArgument, syntax.shellOpen, syntax.loadFile) } },
  { files: IPC_WRAPPERS, rules: { 'no-restricted-syntax': restrictSyntax(syntax.shellOpen, syntax.loadFile) } },

  // (c) Browser side: nothing from electron/ (nor 'electron'), no Node built-ins.
  {
    files: BROWSER_SIDE,
    rules: {
      'no-restricted-imports': restrict(
        [electronModule, ...nodeBuiltins],
        [
          { regex: '(^|/)electron(/|$)', message: msg.browserElectron },
          { regex: '^node:', message: msg.browserNode },
        ],
      ),
      'no-restricted-syntax': restrictSyntax(syntax.requireElectron, syntax.anyIpc, syntax.shellOpen),
    },
  },
);
