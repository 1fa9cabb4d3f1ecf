import { expect } from 'vitest';
import { rebuildDerivedAccess } from '../../electron/analyze/derived/rebuild';
import { bot, botAccess, collect, harness, member, plusDays, prefectBase, team, teamAccess, teamMember, userAccess, type Harness } from '../analyze/builders';

const D0 = '2026-03-02T06:00:00.000Z';

/**
 * Three days of a Prefect account, derived: people join, leave, change teams and direct
 * grants; a bot in a team. What the derived-access migrations are tested on.
 */
export async function derivedHistory(): Promise<{ h: Harness; complete: number[] }> {
  const h = harness(D0);
  const complete: number[] = [];
  for (let day = 0; day < 3; day++) {
    const items = [...prefectBase(), team('t1', 'data'), teamAccess('ws-prod', 't1', 'wr-runner'), bot('bot-1', 'deployer'), botAccess('ws-prod', 'bot-1', 'wr-developer')];
    for (let i = 0; i < 12; i++) {
      if ((i + day) % 5 === 0) continue; // some leave, some come back
      items.push(member(`x${i}`, i % 4 === 0 ? null : `p${i}@x.io`, { role: i % 6 === 0 ? 'Admin' : 'Member', active: i !== 3 || day !== 1 }));
      if ((i + day) % 2 === 0) items.push(teamMember('t1', `x${i}`));
      if (i % 3 === day) items.push(userAccess('ws-staging', `x${i}`, 'wr-owner'));
    }
    if (day > 0) items.push(teamMember('t1', 'bot-1', 'bot'));
    const { id, status } = await collect(h, plusDays(D0, day), [{ id: 'prefect', kind: 'prefect', items }]);
    expect(status).toBe('complete');
    complete.push(id);
  }
  rebuildDerivedAccess(h.db, h.clock);
  return { h, complete };
}
