import fs from 'node:fs';
import path from 'node:path';

/** A rectangle in screen coordinates (a window's bounds or a display's work area). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is remembered between launches. Position is optional: without it the OS centres the window. */
export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = Object.freeze({ width: 1280, height: 820, maximized: false });
export const MIN_WINDOW_SIZE = Object.freeze({ width: 800, height: 560 });
/** How much of the window must be on a display for its saved position to be kept (else the OS centres it). */
const MIN_VISIBLE = { width: 120, height: 40 };

/** Accepts only a well-formed saved state; anything else (hand-edited, truncated) means "use defaults". */
export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
  if (!finite(v.width) || !finite(v.height) || v.width <= 0 || v.height <= 0) return null;
  const state: WindowState = { width: Math.round(v.width), height: Math.round(v.height), maximized: v.maximized === true };
  if (finite(v.x) && finite(v.y)) {
    state.x = Math.round(v.x);
    state.y = Math.round(v.y);
  }
  return state;
}

/**
 * Makes a saved state fit the displays there are now: a monitor may have been unplugged or
 * the resolution lowered since. Size shrinks to the largest work area; the window is pulled
 * fully onto the display it overlaps most, and a position on no display is dropped so the
 * OS centres the window.
 */
export function clampToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  if (workAreas.length === 0) return { ...state };
  const largest = workAreas.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  const width = Math.max(Math.min(state.width, largest.width), Math.min(MIN_WINDOW_SIZE.width, largest.width));
  const height = Math.max(Math.min(state.height, largest.height), Math.min(MIN_WINDOW_SIZE.height, largest.height));
  const clamped: WindowState = { width, height, maximized: state.maximized };
  if (state.x === undefined || state.y === undefined) return clamped;
  const rect: Rect = { x: state.x, y: state.y, width, height };
  const visible = (area: Rect) => {
    const overlap = intersection(rect, area);
    return overlap.width >= Math.min(MIN_VISIBLE.width, width) && overlap.height >= Math.min(MIN_VISIBLE.height, height)
      ? overlap.width * overlap.height
      : 0;
  };
  const home = workAreas.reduce<Rect | null>((best, area) => (visible(area) > (best ? visible(best) : 0) ? area : best), null);
  if (!home) return clamped;
  // Pull the window fully inside the display it mostly sits on.
  clamped.x = Math.min(Math.max(state.x, home.x), home.x + home.width - width);
  clamped.y = Math.min(Math.max(state.y, home.y), home.y + home.height - height);
  clamped.x = Math.max(clamped.x, home.x);
  clamped.y = Math.max(clamped.y, home.y);
  return clamped;
}

function intersection(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

/** The state file inside the per-user data folder. */
export function windowStateFile(userDataDir: string): string {
  return path.join(userDataDir, 'window-state.json');
}

/** Reads and clamps the saved state; a missing or unreadable file gives the defaults (never an error). */
export function readWindowState(file: string, workAreas: readonly Rect[]): WindowState {
  let saved: WindowState | null = null;
  try {
    saved = parseWindowState(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    saved = null;
  }
  return clampToDisplays(saved ?? DEFAULT_WINDOW_STATE, workAreas);
}

/** Writes atomically (temp file + rename) so a crash mid-write cannot leave half a file. */
export function writeWindowState(file: string, state: WindowState): void {
  const clean = parseWindowState(state);
  if (!clean) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(clean, null, 2) + '\n');
  fs.renameSync(tmp, file);
}
