// A loopback HTTP server that accepts requests and never answers: a source that hangs, so a
// collection stays running until it is cancelled (deterministic, no timing games).
import http from 'node:http';

/** Resolves with { url, requests(), firstRequest, close() }; close() drops the held connections. */
export async function startSilentServer() {
  let count = 0;
  let seen;
  const firstRequest = new Promise((resolve) => (seen = resolve));
  const server = http.createServer((request) => {
    count += 1;
    seen(request.url);
    // Deliberately no response.
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    firstRequest,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
