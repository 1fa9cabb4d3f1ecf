import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open-database';
import { runCollection } from '../../../electron/collect/run-collection';
import { getCollection } from '../../../electron/collect/store/collection-rows';
import { ManualClock } from '../../../electron/platform/clock';
import { silentLogger } from '../../../electron/platform/logger';
import type { HttpClient } from '../../../electron/collect/http/http-client';
import type { Connector } from '../../../electron/collect/connector';
import type { CollectionProgress } from '../../../shared/domain/collection';

/**
 * Two sources that both fail on their own, the second a moment after the first: the first's
 * HTTP client takes a tick to close, so the second's error reaches the runner before the
 * first's rejection does (and before the run's abort). Neither error may turn into
 * "stopped because another source failed" (the CLI used to report Entra as cancelled and only
 * Prefect's 401, though Entra had failed first with its own error).
 */
describe('two sources failing on their own', () => {
  it('both are failed with their own errors, and the collection names the first to fail', async () => {
    const db = openDatabase(':memory:');
    const clock = new ManualClock('2026-05-01T08:00:00Z');
    let clients = 0;
    const createHttpClient = (): HttpClient => {
      // The first source's client (entra's) closes a macrotask later; the others at once.
      const slowClose = clients++ === 0;
      return {
        requestCount: 0,
        request: async () => { throw new Error('no network in this test'); },
        close: () => (slowClose ? new Promise<void>((resolve) => setImmediate(resolve)) : Promise.resolve()),
      };
    };
    let releasePrefect!: () => void;
    const entraFailed = new Promise<void>((resolve) => (releasePrefect = resolve));
    const entra: Connector = {
      sourceId: 'entra',
      kind: 'entra',
      // eslint-disable-next-line require-yield -- fails before its first item
      async *read() {
        releasePrefect();
        throw new Error('token request refused: invalid client secret (AADSTS7000215)');
      },
    };
    const prefect: Connector = {
      sourceId: 'prefect',
      kind: 'prefect',
      // eslint-disable-next-line require-yield -- fails before its first item
      async *read() {
        // Ignores the signal: fails on its own in the next microtask after entra did.
        await entraFailed;
        throw new Error('GET https://api.prefect.cloud/api/me: HTTP 401');
      },
    };
    const progress: CollectionProgress[] = [];
    const outcome = await runCollection({ db, clock, logger: silentLogger, createHttpClient }, [entra, prefect], {
      trigger: 'test',
      actor: 'tester',
      onProgress: (p) => progress.push(p),
    });

    expect(outcome).toMatchObject({ status: 'failed', error: 'entra: token request refused: invalid client secret (AADSTS7000215)' });
    const summary = getCollection(db, outcome.collectionId)!;
    expect(summary.error).toBe('entra: token request refused: invalid client secret (AADSTS7000215)');
    expect(summary.sources.find((s) => s.sourceId === 'entra')).toMatchObject({
      status: 'failed',
      error: 'token request refused: invalid client secret (AADSTS7000215)',
    });
    expect(summary.sources.find((s) => s.sourceId === 'prefect')).toMatchObject({
      status: 'failed',
      error: 'GET https://api.prefect.cloud/api/me: HTTP 401',
    });
    // The live progress said the same as what was stored.
    const last = progress.at(-1)!;
    expect(last.sources.map((s) => [s.sourceId, s.status, s.message])).toEqual([
      ['entra', 'failed', 'token request refused: invalid client secret (AADSTS7000215)'],
      ['prefect', 'failed', 'GET https://api.prefect.cloud/api/me: HTTP 401'],
    ]);
  });

  /** Entra failing at once with its own error, beside Prefect whose one request gets `answer` (or hangs on the signal). */
  async function entraFailsWhilePrefectAsks(answer: ((reject: (e: Error) => void) => void) | null) {
    const db = openDatabase(':memory:');
    const entra: Connector = {
      sourceId: 'entra',
      kind: 'entra',
      // eslint-disable-next-line require-yield -- fails before its first item
      async *read() {
        throw new Error('token request refused: invalid client secret (AADSTS7000215)');
      },
    };
    const prefect: Connector = {
      sourceId: 'prefect',
      kind: 'prefect',
      // eslint-disable-next-line require-yield -- its request decides
      async *read({ http }) {
        await http.request({ method: 'GET', url: 'https://api.prefect.cloud/api/me' });
        return { complete: true, mode: 'full', pages: 1, records: 0, events: 0, notes: [] };
      },
    };
    // The request honours the signal, as undici does: aborted, it would be "stopped".
    const createHttpClient = (): HttpClient => ({
      requestCount: 0,
      request: (req) =>
        new Promise((_resolve, reject) => {
          const timer = answer ? setTimeout(() => answer(reject), 150) : null;
          req.signal?.addEventListener('abort', () => (timer && clearTimeout(timer), reject(new Error('aborted'))), { once: true });
        }),
      close: async () => undefined,
    });
    const started = Date.now();
    const outcome = await runCollection({ db, clock: new ManualClock('2026-05-01T08:00:00Z'), logger: silentLogger, createHttpClient }, [entra, prefect], { trigger: 'test', actor: 'tester' });
    return { ms: Date.now() - started, sources: getCollection(db, outcome.collectionId)!.sources.map((s) => [s.sourceId, s.status, s.error]) };
  }

  it('a request in flight when the other source failed still comes back with its own answer (a second bad credential is reported in the same run)', async () => {
    // Prefect's 401 arrives 150 ms after Entra failed.
    const run = await entraFailsWhilePrefectAsks((reject) => reject(new Error('GET https://api.prefect.cloud/api/me: HTTP 401')));
    expect(run.sources).toEqual([
      ['entra', 'failed', 'token request refused: invalid client secret (AADSTS7000215)'],
      ['prefect', 'failed', 'GET https://api.prefect.cloud/api/me: HTTP 401'],
    ]);
    // It waited for that answer, not for the whole grace period.
    expect(run.ms).toBeLessThan(2_500);
  });

  it('a source still busy after the grace period is stopped, and says why', async () => {
    const run = await entraFailsWhilePrefectAsks(null);
    expect(run.sources).toEqual([
      ['entra', 'failed', 'token request refused: invalid client secret (AADSTS7000215)'],
      ['prefect', 'cancelled', 'stopped because another source failed'],
    ]);
  }, 10_000);
});
