import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateOrg } from '../../simulate/org/generate-org';
import { evolveOrg } from '../../simulate/org/evolve-org';
import { createRng } from '../../simulate/org/rng';
import { startSimulatorSuite } from '../../simulate/sim-suite';
import { parsePort, parseWholeNumber } from '../cli-options';
import type { Command } from '../command';

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Run the Okta, Entra, SCIM, HR and Prefect simulators on 127.0.0.1 and print how to connect',
  usage: 'access-ledger simulate [--port N] [--seed S] [--people N] [--evolve-every SECONDS]',
  options: { port: { type: 'string' }, seed: { type: 'string' }, people: { type: 'string' }, 'evolve-every': { type: 'string' } },
  async run({ values, io }) {
    const basePort = parsePort(values.port);
    const seed = parseWholeNumber('--seed', values.seed, 42, 0, 2 ** 31 - 1);
    const people = parseWholeNumber('--people', values.people, 250, 20, 200_000);
    const evolveEvery = values['evolve-every'] === undefined ? 0 : parseWholeNumber('--evolve-every', values['evolve-every'], 0, 1, 86_400);
    const org = generateOrg({ seed, people, start: new Date().toISOString() });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-ledger-sim-'));
    const suite = await startSimulatorSuite(org, { dir, systems: ['okta', 'entra', 'scim', 'hr', 'prefect'], ...(basePort ? { basePort } : {}) });
    const lines = [
      `Simulators for ${people} people (seed ${seed}):`,
      `  okta     ${suite.okta?.baseUrl}        SSWS token in SIM_OKTA_TOKEN`,
      `  entra    ${suite.entra?.credentials.graphBaseUrl}  tenant ${suite.entra?.credentials.tenantId}, client ${suite.entra?.credentials.clientId}, secret in SIM_ENTRA_SECRET`,
      `  scim     ${suite.scim?.credentials.baseUrl}  bearer token in SIM_SCIM_TOKEN`,
      `  hr       ${suite.hrPath}`,
      `  prefect  ${suite.prefect?.credentials.apiUrl}  account ${suite.prefect?.credentials.accountId}, API key in SIM_PREFECT_API_KEY`,
      '',
      `Config: ${suite.configPath}`,
      'Credentials (simulator-only values; paste into the shell that runs collect or serve):',
      ...Object.entries(suite.env).map(([k, v]) => `  export ${k}=${v}`),
      '',
      `Then: access-ledger collect --config ${suite.configPath} --db /tmp/sim.db`,
      evolveEvery ? `The organisation moves one simulated day every ${evolveEvery} s.` : 'The organisation stays as it is (use --evolve-every to move it).',
      'Ctrl-C stops the simulators.',
      '',
    ];
    io.stdout(lines.join('\n'));
    const rng = createRng(seed ^ 0x5eed);
    const timer = evolveEvery
      ? setInterval(() => {
          evolveOrg(org, rng, { days: 1 });
          void suite.refreshRoster();
        }, evolveEvery * 1000)
      : null;
    await new Promise<void>((resolve) => io.onStop(resolve));
    if (timer) clearInterval(timer);
    await suite.close();
    fs.rmSync(dir, { recursive: true, force: true });
    io.stdout('Simulators stopped.\n');
    return 0;
  },
};
