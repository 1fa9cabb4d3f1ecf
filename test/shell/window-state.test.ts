import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clampToDisplays,
  DEFAULT_WINDOW_STATE,
  parseWindowState,
  readWindowState,
  windowStateFile,
  writeWindowState,
} from '../../electron/shell/window-state';
import { createFakeElectron } from './fake-electron';
import { bootShell, makeScratch, shutDown, type BootedShell } from './shell-harness';

const screen = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 1000 };

describe('window state: plain logic', () => {
  it('keeps a state that fits on a display', () => {
    expect(clampToDisplays({ x: 100, y: 80, width: 1200, height: 800, maximized: false }, [screen])).toEqual({
      x: 100,
      y: 80,
      width: 1200,
      height: 800,
      maximized: false,
    });
  });

  it('drops a position that is on no display any more (monitor unplugged) so the OS centres the window', () => {
    const clamped = clampToDisplays({ x: 2500, y: 100, width: 1000, height: 700, maximized: true }, [screen]);
    expect(clamped).toEqual({ width: 1000, height: 700, maximized: true });
  });

  it('shrinks a window larger than every display and pulls a half-visible one inside', () => {
    expect(clampToDisplays({ width: 5000, height: 3000, maximized: false }, [screen, right])).toEqual({
      width: 1920,
      height: 1040,
      maximized: false,
    });
    const pulled = clampToDisplays({ x: 1700, y: -10, width: 800, height: 600, maximized: false }, [screen]);
    expect(pulled).toEqual({ x: 1120, y: 0, width: 800, height: 600, maximized: false });
    const onSecond = clampToDisplays({ x: 2000, y: 50, width: 900, height: 600, maximized: false }, [screen, right]);
    expect(onSecond).toEqual({ x: 2000, y: 50, width: 900, height: 600, maximized: false });
  });

  it('rejects malformed saved state', () => {
    for (const bad of [null, 'x', { width: -1, height: 10 }, { width: 'big', height: 10 }, { height: 10 }, { width: Infinity, height: 10 }]) {
      expect(parseWindowState(bad)).toBeNull();
    }
    expect(parseWindowState({ width: 900.4, height: 700, x: 'left', maximized: 'yes' })).toEqual({ width: 900, height: 700, maximized: false });
  });

  it('reads defaults from a missing or corrupt file, and round-trips what it wrote', () => {
    const { base } = makeScratch();
    try {
      const file = windowStateFile(path.join(base, 'nested'));
      expect(readWindowState(file, [screen])).toEqual(DEFAULT_WINDOW_STATE);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '{"width": 9');
      expect(readWindowState(file, [screen])).toEqual(DEFAULT_WINDOW_STATE);
      writeWindowState(file, { x: 10, y: 20, width: 1000, height: 700, maximized: true });
      expect(readWindowState(file, [screen])).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: true });
      expect(fs.readdirSync(path.dirname(file))).toEqual(['window-state.json']);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('window state: remembered by the shell', () => {
  const cleanups: BootedShell[] = [];
  afterEach(async () => {
    for (const b of cleanups.splice(0)) await shutDown(b);
  });

  it('saves size and position on close and restores them on the next launch', async () => {
    const scratch = makeScratch();
    const first = await bootShell({ home: scratch.home, rendererDir: scratch.rendererDir });
    const win = first.fake.windows[0]!;
    expect(win.options).toMatchObject({ width: DEFAULT_WINDOW_STATE.width, height: DEFAULT_WINDOW_STATE.height });
    win.setBounds({ x: 240, y: 120, width: 1111, height: 777 });
    win.close(); // last window: the app quits and closes its database
    await first.fake.app.whenQuit();
    expect(JSON.parse(fs.readFileSync(path.join(scratch.home, 'window-state.json'), 'utf8'))).toEqual({
      x: 240,
      y: 120,
      width: 1111,
      height: 777,
      maximized: false,
    });

    const second = await bootShell({ home: scratch.home, rendererDir: scratch.rendererDir, fake: createFakeElectron() });
    cleanups.push(second);
    expect(second.fake.windows[0]!.options).toMatchObject({ x: 240, y: 120, width: 1111, height: 777 });
  });

  it('restores maximized, and clamps a window saved on a display that is gone', async () => {
    const scratch = makeScratch();
    fs.writeFileSync(
      path.join(scratch.home, 'window-state.json'),
      JSON.stringify({ x: 3000, y: 200, width: 2400, height: 1300, maximized: true }),
    );
    const booted = await bootShell({ home: scratch.home, rendererDir: scratch.rendererDir, displays: [{ x: 0, y: 0, width: 1366, height: 728 }] });
    cleanups.push(booted);
    const win = booted.fake.windows[0]!;
    expect(win.options).toMatchObject({ width: 1366, height: 728 });
    expect(win.options).not.toHaveProperty('x');
    expect(win.options).not.toHaveProperty('y');
    expect(win.isMaximized()).toBe(true);
  });
});
