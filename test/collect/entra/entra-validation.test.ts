import { afterEach, describe, expect, it } from 'vitest';
import { createEntraSimHandler, type EntraSimOptions } from '../../../electron/simulate/entra/entra-sim';
import { startSimServer, type SimRequest, type SimResponse } from '../../../electron/simulate/sim-server';
import { idFor, type OrgModel } from '../../../electron/simulate/org/org-model';
import { buildEntraOrg, person, touch } from '../../simulate/entra/fixtures';
import { connectorFor, cursorsOf, harness, readError, records, runRead } from './helpers';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

type Rewrite = (req: SimRequest, res: SimResponse) => SimResponse;

/** The Entra simulator behind a rewriting proxy-in-process: for answers our simulator would never give. */
async function startRewriting(org: OrgModel, rewrite: Rewrite, options: EntraSimOptions = {}) {
  const entra = createEntraSimHandler(org, options);
  const bearerTokens = new Set<string>();
  const server = await startSimServer({
    name: 'entra',
    handler: async (req) => {
      const auth = req.headers.authorization;
      if (typeof auth === 'string') bearerTokens.add(auth.replace(/^Bearer /, ''));
      return rewrite(req, await entra.handler(req));
    },
  });
  closers.push(() => server.close());
  return { sim: { credentials: { ...entra.credentials, graphBaseUrl: server.origin, loginBaseUrl: server.origin } }, origin: server.origin, bearerTokens };
}

const body = (res: SimResponse) => res.json as Record<string, unknown> & { value?: Record<string, unknown>[] };
const isPage = (req: SimRequest, resource: string) => req.path === `/v1.0/${resource}/delta`;

describe('Entra connector: item validation', () => {
  it('quarantines a user that comes without accountEnabled, and does not vouch for the read', async () => {
    const org = buildEntraOrg();
    const target = idFor('entra', 'p00001');
    const { sim } = await startRewriting(org, (req, res) => {
      if (isPage(req, 'users') && res.status === 200) for (const u of body(res).value ?? []) if (u.id === target) delete u.accountEnabled;
      return res;
    });
    const result = await runRead(connectorFor(sim), harness().ctx());
    const quarantined = result.items.filter((i) => i.type === 'quarantine');
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]).toMatchObject({
      kind: 'idp_user',
      where: 'Entra /v1.0/users/delta page 1 item 2',
      reason: `user ${target} came without accountEnabled (was it in $select?); its lifecycle cannot be known`,
    });
    expect(records(result.items, 'idp_user')).toHaveLength(5);
    expect(result.verdict.complete).toBe(false);
    expect(result.verdict.notes.join(' ')).toMatch(/1 item\(s\) quarantined/);
  });

  it('quarantines values the record schema refuses, and members without an id; notes member kinds it does not record', async () => {
    const org = buildEntraOrg();
    const { sim } = await startRewriting(org, (req, res) => {
      if (isPage(req, 'users') && res.status === 200) {
        const first = body(res).value?.[0];
        if (first) first.mail = 'not an address';
      }
      if (isPage(req, 'groups') && res.status === 200) {
        const first = body(res).value?.[0];
        if (first) {
          first['members@delta'] = [
            ...((first['members@delta'] as unknown[]) ?? []),
            { '@odata.type': '#microsoft.graph.servicePrincipal', id: 'sp-1' },
            { '@odata.type': '#microsoft.graph.user' },
          ];
        }
      }
      return res;
    });
    const result = await runRead(connectorFor(sim), harness().ctx());
    const reasons = result.items.flatMap((i) => (i.type === 'quarantine' ? [i.reason] : []));
    expect(reasons).toEqual([
      `idp_user ${idFor('entra', 'p00000')}: email: must be an email address`,
      `group ${idFor('entra', 'g-eng')}: member entry has no id`,
    ]);
    expect(result.verdict.notes.join(' ')).toMatch(/group members not recorded \(no record kind for them\): servicePrincipal \(1\)/);
  });
});

describe('Entra connector: page validation', () => {
  it('fails naming the page when a page has no value array or no link to go on', async () => {
    const org = buildEntraOrg();
    const noValue = await startRewriting(org, (req, res) => {
      if (isPage(req, 'groups') && res.status === 200) delete body(res).value;
      return res;
    });
    expect((await readError(connectorFor(noValue.sim), harness().ctx())).message).toBe('Entra /v1.0/groups/delta page 1: page has no "value" array');

    const noLink = await startRewriting(org, (req, res) => {
      if (isPage(req, 'users') && res.status === 200) delete body(res)['@odata.deltaLink'];
      return res;
    });
    expect((await readError(connectorFor(noLink.sim), harness().ctx())).message).toBe(
      'Entra /v1.0/users/delta page 1: page has neither @odata.nextLink nor @odata.deltaLink',
    );
  });

  it('refuses a nextLink to another host instead of sending it the token', async () => {
    const org = buildEntraOrg();
    const { sim } = await startRewriting(
      org,
      (req, res) => {
        const next = body(res)['@odata.nextLink'];
        if (isPage(req, 'users') && typeof next === 'string') body(res)['@odata.nextLink'] = next.replace(/^http:\/\/127\.0\.0\.1:\d+/, 'https://evil.example');
        return res;
      },
      { maxPageSize: 2 },
    );
    const error = await readError(connectorFor(sim), harness().ctx());
    expect(error.message).toMatch(/^Entra \/v1.0\/users\/delta page 1 @odata.nextLink: link points to https:\/\/evil.example, not the configured Graph host/);
  });
});

describe('Entra connector: secrets', () => {
  it('never puts the client secret or an access token in records, progress, cursors, notes or errors', async () => {
    const org = buildEntraOrg();
    let refuseGraph = false;
    const { sim, bearerTokens } = await startRewriting(org, (req, res) =>
      refuseGraph && req.path.startsWith('/v1.0/')
        ? { status: 401, json: { error: { code: 'InvalidAuthenticationToken', message: `Token ${String(req.headers.authorization)} is bad`, innerError: { 'request-id': 'r1', date: 'd' } } } }
        : res,
    );
    const h = harness();
    const connector = connectorFor(sim);
    const full = await runRead(connector, h.ctx());
    person(org, 'p00001').idpStatus = 'SUSPENDED';
    touch(org);
    const delta = await runRead(connector, h.ctx(cursorsOf(full.items)));
    refuseGraph = true;
    const error = await readError(connector, h.ctx(cursorsOf(delta.items)));
    expect(error.message).toMatch(/^Entra \/v1.0\/users\/delta page 1: HTTP 401 — Graph rejected the access token \(InvalidAuthenticationToken: /);
    expect(error).toMatchObject({ failure: 'auth', status: 401 });

    // Two tokens: the first, and the fresh one asked for after the first 401.
    expect(bearerTokens.size).toBe(2);
    const everything = JSON.stringify([full, delta, error.message, error.stack]);
    expect(everything).not.toContain(sim.credentials.clientSecret);
    for (const token of bearerTokens) expect(everything).not.toContain(token);
    expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });
});
