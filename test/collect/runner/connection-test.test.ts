import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openCore } from '../../../electron/api/open-core';
import { silentLogger } from '../../../electron/platform/logger';

// A server that takes every connection and drops it at once: unreachable, as far as HTTP goes.
let server: net.Server;
let connections = 0;
beforeAll(async () => {
  server = net.createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('testing a connection', () => {
  it('gives up on a server that drops the connection after one retry, not five with backoff', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-conn-test-'));
    const port = (server.address() as net.AddressInfo).port;
    fs.writeFileSync(path.join(dir, 'c.yaml'), `sources:\n  - id: dir\n    kind: scim\n    url: http://127.0.0.1:${port}/scim/v2\n    auth: { type: bearer, tokenEnv: DIR_TOKEN }\n`);
    const core = openCore({ databasePath: path.join(dir, 'a.db'), configFile: path.join(dir, 'c.yaml'), env: { DIR_TOKEN: 'scim-token-for-the-test' }, logger: silentLogger });
    try {
      const diagnosis = await core.service.call('testConnection', { id: 'dir' });
      expect(diagnosis.ok).toBe(false);
      expect(connections).toBe(2);
    } finally {
      await core.close();
    }
  }, 30_000);
});
