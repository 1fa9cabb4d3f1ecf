import type { CollectionProgress } from '../../shared/domain/collection';

/**
 * Draws collection progress on stderr: redrawn in place on a terminal, one line every few
 * seconds otherwise (CI logs, files).
 */
export function createProgressRenderer(write: (text: string) => void, isTty: boolean, now: () => number = Date.now) {
  let lastLines = 0;
  let lastPrinted = 0;
  return {
    update(progress: CollectionProgress): void {
      const lines = progress.sources.map((s) => {
        const status = s.status === 'reading' ? s.phase : s.status;
        const wait = s.waitingMs > 0 ? `, waiting ${Math.ceil(s.waitingMs / 1000)} s` : '';
        const q = s.quarantined > 0 ? `, ${s.quarantined} quarantined` : '';
        return `  ${s.sourceId.padEnd(14)} ${status.padEnd(16)} ${String(s.pages).padStart(5)} pages ${String(s.records).padStart(9)} records${q}${wait}`;
      });
      if (isTty) {
        if (lastLines > 0) write(`\x1b[${lastLines}A`);
        write(lines.map((l) => `\x1b[2K${l}\n`).join(''));
        lastLines = lines.length;
      } else if (now() - lastPrinted > 5000 || progress.status !== 'running') {
        lastPrinted = now();
        write(lines.join('\n') + '\n');
      }
    },
  };
}
