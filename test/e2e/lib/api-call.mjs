// Calls one API channel on the served bridge from the test process, with the flow's token,
// so a step can compare what the UI shows with what the API answers.
export async function apiCall(server, channel, args = {}) {
  const response = await fetch(`${server.origin}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
  });
  const envelope = await response.json();
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value;
}

/** Opens a path of the app in the flow's tab, with the token (each step stands on its own). */
export async function openPath(page, server, path) {
  await page.goto(`${server.origin}${path}#token=${server.token}`);
}

/**
 * Waits until `condition` (async, truthy when met) holds, for what a page shows after a URL or
 * state change (React commits after the URL moves). Throws the last reason on timeout.
 */
export async function eventually(condition, { timeoutMs = 10_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
      last = `condition was ${JSON.stringify(value)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`not met within ${timeoutMs} ms: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
