import type { AccessRow, WorkspaceRef } from '../../shared/domain/analysis';

/** Workspaces as a picker lists them: by name, then account. */
export function sortWorkspaces(workspaces: Iterable<WorkspaceRef>): WorkspaceRef[] {
  return [...workspaces].sort((a, b) => a.name.localeCompare(b.name) || a.sourceId.localeCompare(b.sourceId));
}

/** Every workspace the rows hold, each once (the first row's object), sorted for a picker. */
export function workspacesOf(rows: readonly AccessRow[]): WorkspaceRef[] {
  const seen = new Map<string, WorkspaceRef>();
  for (const r of rows) {
    const key = `${r.workspace.sourceId}\u0000${r.workspace.workspaceId}`;
    if (!seen.has(key)) seen.set(key, r.workspace);
  }
  return sortWorkspaces(seen.values());
}

/** Whether a workspace is the one a person named: by id exactly, or by handle or name in any case. Everything matches nothing named. */
export function workspaceMatcher(wanted: string | undefined): (w: WorkspaceRef) => boolean {
  const ws = wanted?.trim().toLowerCase();
  return (w) => !ws || w.workspaceId === wanted || w.handle?.toLowerCase() === ws || w.name.toLowerCase() === ws;
}
