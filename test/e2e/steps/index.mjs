// The e2e flows, in order. Each flow gets its own database and `access-ledger serve`:
//   server.simulators: { people, seed }  also runs `access-ledger simulate` and serves its config
//                                        (sources read-only, credentials from its exports);
//   server.env: { NAME: value }          extra environment for serve (credentials a flow names);
//   server.demo: { people, days, seed }  builds a demo history first (`access-ledger demo`);
//                                        t.demo then holds its JSON summary (collections, firstDay, lastDay...).
// Each step is { name, allowConsole?: RegExp[], run(t) } where t holds page, context,
// server {url, origin, token}, dbPath, work (a scratch folder), simulators {configPath, env} or
// null, check, waitForPage, screenshot, watch.
import { openApp } from './open-app.mjs';
import { apiRefusesWithoutToken } from './api-refuses-without-token.mjs';
import { walkNavigation } from './walk-navigation.mjs';
import { settingsChangeOnLedger } from './settings-change-on-ledger.mjs';
import { ledgerPaging } from './ledger-paging.mjs';
import { deepLinkAndReload } from './deep-link-and-reload.mjs';
import { needsTheLink } from './needs-the-link.mjs';
import { errorStateAndRetry } from './error-state-and-retry.mjs';
import { connectionsFromConfig } from './connections-from-config.mjs';
import { collectNow } from './collect-now.mjs';
import { collectionOnLedger } from './collection-on-ledger.mjs';
import { retireUnconfiguredSource } from './retire-unconfigured-source.mjs';
import { openSavedConnections } from './open-saved-connections.mjs';
import { editConnections } from './edit-connections.mjs';
import { cancelAndStaleBanner, SILENT_SCIM_TOKEN_ENV } from './cancel-and-stale-banner.mjs';
import { deleteConnections } from './delete-connections.mjs';
import { overviewCharts } from './overview-charts.mjs';
import { overviewAsOf } from './overview-as-of.mjs';
import { policySettings } from './policy-settings.mjs';
import { findingsShowPlanted } from './findings-planted.mjs';
import { findingsFiltersAndGroups } from './findings-filters.mjs';
import { findingDetail } from './finding-detail.mjs';
import { accessDiffChanges } from './access-diff-changes.mjs';
import { idpVsPrefectTab } from './idp-vs-prefect.mjs';
import { whoHasAccess } from './who-has-access.mjs';
import { peopleList } from './people-list.mjs';
import { personPage } from './person-page.mjs';
import { identityLinkRoundTrip } from './identity-link-round-trip.mjs';
import { emptyAccessTabs, accessTabsBeforeFirst } from './empty-access-tabs.mjs';


/** Steps on a demo history (Overview, People, a person, Access diff, Findings); the analysis pages add theirs here. */
const analysisSteps = [
  overviewCharts,
  overviewAsOf,
  policySettings,
  findingsShowPlanted,
  findingsFiltersAndGroups,
  findingDetail,
  accessDiffChanges,
  idpVsPrefectTab,
  whoHasAccess,
  accessTabsBeforeFirst,
  peopleList,
  personPage,
  identityLinkRoundTrip,
];

export const flows = [
  {
    name: 'app against the simulators (sources from a config file)',
    server: { simulators: { people: 40, seed: 7 } },
    steps: [
      openApp,
      apiRefusesWithoutToken,
      emptyAccessTabs,
      walkNavigation,
      settingsChangeOnLedger,
      ledgerPaging,
      deepLinkAndReload,
      errorStateAndRetry,
      needsTheLink,
      connectionsFromConfig,
      collectNow,
      collectionOnLedger,
      retireUnconfiguredSource,
    ],
  },
  {
    name: 'connections saved in the app (no config file)',
    server: { env: { [SILENT_SCIM_TOKEN_ENV]: 'e2e-placeholder-token-not-a-secret' } },
    steps: [openSavedConnections, editConnections, cancelAndStaleBanner, deleteConnections],
  },
  {
    name: 'analysis pages on a demo history',
    server: { demo: { people: 60, days: 30, seed: 11 } },
    steps: analysisSteps,
  },
];
