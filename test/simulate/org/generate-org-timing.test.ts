import { expect, it } from 'vitest';
import { generateOrg } from '../../../electron/simulate/org/generate-org';
import { evolveOrg } from '../../../electron/simulate/org/evolve-org';
import { createRng } from '../../../electron/simulate/org/rng';

// A rough timing at the benchmark's scale, printed rather than asserted: this machine is shared.
it('generates and evolves 100,000 people (timing printed)', () => {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const org = generateOrg({ seed: 1, people: 100_000, start: '2025-03-03' });
  const genMs = performance.now() - t0;
  const genCpu = process.cpuUsage(cpu0);
  expect(org.people).toHaveLength(100_000);
  const rng = createRng(2);
  const t1 = performance.now();
  const changes = evolveOrg(org, rng, { days: 7 });
  const dayMs = (performance.now() - t1) / 7;
  const memberships = org.people.reduce((n, p) => n + p.groupIds.length, 0);
  console.log(
    `generateOrg(100k): ${genMs.toFixed(0)} ms wall, ${((genCpu.user + genCpu.system) / 1000).toFixed(0)} ms cpu; ` +
      `${org.prefect.members.length} Prefect members, ${memberships} group memberships, ${org.idpEvents.length} IdP events, ` +
      `${org.prefect.auditEvents.length} audit events; evolveOrg: ${dayMs.toFixed(0)} ms/day wall, ${(changes.length / 7).toFixed(0)} changes/day`,
  );
  expect(changes.length).toBeGreaterThan(0);
}, 180_000);
