// The e2e steps, in order. Each step is { name, allowConsole?: RegExp[], run(t) } where t holds
// page, context, server {url, origin, token}, dbPath, check, waitForPage, screenshot, watch.
// Later features add their page walks here (e.g. a person's timeline, an access diff).
import { openApp } from './open-app.mjs';
import { apiRefusesWithoutToken } from './api-refuses-without-token.mjs';
import { walkNavigation } from './walk-navigation.mjs';
import { settingsChangeOnLedger } from './settings-change-on-ledger.mjs';
import { ledgerPaging } from './ledger-paging.mjs';
import { deepLinkAndReload } from './deep-link-and-reload.mjs';
import { needsTheLink } from './needs-the-link.mjs';
import { errorStateAndRetry } from './error-state-and-retry.mjs';

export const steps = [openApp, apiRefusesWithoutToken, walkNavigation, settingsChangeOnLedger, ledgerPaging, deepLinkAndReload, errorStateAndRetry, needsTheLink];
