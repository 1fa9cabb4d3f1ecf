import { AppError } from '../../../shared/api/result';
import { parseAsOfArg } from '../../../shared/domain/time-arg';
import type { FindingsAnswer } from '../../../shared/domain/analysis';
import {
  accessPageAt,
  clearIdentityLink,
  diffAccess,
  findingsOpenAt,
  getFinding,
  identityLinkInput,
  idpVsPrefect,
  judgedUnderPolicy,
  listFindings,
  listIdentityLinks,
  listPolicyVersions,
  orgMetricsSeries,
  personAt,
  personTimeline,
  resolveAsOf,
  rulesNotJudged,
  savePolicy,
  setIdentityLink,
} from '../../analyze';
import { completeCollections } from '../../analyze/collection-points';
import { currentPolicyVersion, getPolicyVersion } from '../../analyze/policy/policy-store';
import { rejudgeNewestComplete } from '../../analyze/findings/rejudge-newest';
import { newestJudgedAt } from '../../analyze/findings/judge-pending';
import { peopleAt } from '../../analyze/people';
import { revocationReport } from '../../analyze/revocation-report';
import type { ServiceDeps } from '../context';
import type { Handler } from '../handler-types';

type Names =
  | 'snapshotTimes'
  | 'accessAt'
  | 'listPeople'
  | 'personAt'
  | 'personTimeline'
  | 'diffAccess'
  | 'idpVsPrefect'
  | 'orgMetrics'
  | 'revocationLatencies'
  | 'listFindings'
  | 'getFinding'
  | 'getPolicy'
  | 'listPolicyVersions'
  | 'savePolicy'
  | 'listIdentityLinks'
  | 'setIdentityLink'
  | 'clearIdentityLink';

/**
 * The analysis questions (issue 4) over the engine in electron/analyze. Every answer is taken
 * from complete collections only; the engine refuses anything else. Changes to the policy or
 * to identity links land on the ledger (in the engine) and re-judge the current snapshot, so
 * the findings shown are always those of the rules in force.
 */
export function analysisHandlers(deps: ServiceDeps): { [K in Names]: Handler<K> } {
  const { db, clock, analysisCache: cache } = deps;
  const policyOrigin = deps.policyOrigin ?? { kind: 'settings' as const };
  const time = (text: string | undefined, name = 'at'): Date => {
    if (text === undefined) return clock.now();
    const parsed = parseAsOfArg(text, clock.now());
    if (!parsed) throw new AppError('INVALID_ARGUMENT', `${name}: "${text}" is not a date or time.`);
    if (parsed === 'future') throw new AppError('INVALID_ARGUMENT', `${name}: ${text.trim()} is in the future; leave it out for the newest collection.`);
    return parsed;
  };
  /** Judges the current snapshot again after a change of rules or links; false when there is none yet. */
  const rejudge = (actor: string): boolean => {
    // Derived access depends on links and match rules too: rebuild it (in a worker).
    deps.analysisRefresher?.refresh();
    return rejudgeNewestComplete(db, clock, actor, cache);
  };

  return {
    snapshotTimes: async () => completeCollections(db).map((c) => ({ collectionId: c.id, at: c.finishedAt })),
    accessAt: async (args) =>
      accessPageAt(
        db,
        time(args.at),
        {
          ...(args.workspace ? { workspace: args.workspace } : {}),
          ...(args.email ? { email: args.email } : {}),
          includeInactive: args.includeInactive,
          usersOnly: args.usersOnly,
        },
        { offset: args.offset, limit: args.limit },
        { cache },
      ),
    listPeople: async (args) => peopleAt(db, time(args.at), { cache }),
    personAt: async (args) => personAt(db, time(args.at), args.email, { cache }),
    personTimeline: async (args) => {
      const timeline = personTimeline(db, args.email, { cache });
      // An address no source ever held is a typo far more often than a person with no history.
      if (timeline.identityId === null && timeline.events.length === 0) {
        throw new AppError('NOT_FOUND', `No person or Prefect account has had the address ${args.email} in any collection.`);
      }
      return timeline;
    },
    diffAccess: async (args) => {
      const diff = diffAccess(db, time(args.from, 'from'), time(args.to, 'to'), { includeGrantChanges: args.includeGrantChanges, usersOnly: args.usersOnly, cache });
      if (args.groups === 'both') return diff;
      // One grouping only: every change once (see the contract).
      return { ...diff, changes: [], byPerson: args.groups === 'person' ? diff.byPerson : [], byWorkspace: args.groups === 'workspace' ? diff.byWorkspace : [] };
    },
    idpVsPrefect: async (args) => idpVsPrefect(db, time(args.at), { cache }),
    orgMetrics: async () => orgMetricsSeries(db),
    revocationLatencies: async (args) => revocationReport(db, time(args.at), { cache }),
    listFindings: async (args): Promise<FindingsAnswer> => {
      const filter = (f: FindingsAnswer['findings'][number]) =>
        (!args.severity || f.severity === args.severity) &&
        (!args.rule || f.rule === args.rule) &&
        (!args.email || (f.subject.email ?? '').toLowerCase() === args.email.toLowerCase());
      // "Now" is the newest judged collection: the one after it may still be being judged in
      // the background, and the findings shown must name the collection they were judged on.
      const judgedThrough = args.at === undefined ? newestJudgedAt(db) : null;
      // Which policy judged them, and which rules it gave nothing to judge against: "no role
      // drift" under a policy without mappings means nobody looked, and the answer says so.
      const judgedUnder = (collectionId: number | null) => {
        const policyVersion = judgedUnderPolicy(db, collectionId);
        const policy = policyVersion === null ? null : getPolicyVersion(db, policyVersion)?.policy;
        return { policyVersion, notJudged: policy ? rulesNotJudged(policy) : [] };
      };
      if (args.at !== undefined || args.status === 'open') {
        // Open at a time: read from the findings history at the collection that proves T.
        const asOf = resolveAsOf(db, judgedThrough ?? time(args.at));
        if (!asOf) return { asOf: null, judged: false, policyVersion: null, notJudged: [], findings: [] };
        const open = findingsOpenAt(db, asOf.collectionId);
        return { asOf, judged: open !== null, ...judgedUnder(asOf.collectionId), findings: (open ?? []).filter(filter) };
      }
      const findings = listFindings(db, {
        ...(args.status === 'all' ? {} : { status: args.status }),
        ...(args.severity ? { severity: args.severity } : {}),
        ...(args.rule ? { rule: args.rule } : {}),
        ...(args.email ? { email: args.email } : {}),
        limit: 100_000,
      });
      // An empty list means "none found" only if findings were ever judged.
      const judged = db.prepare('SELECT 1 FROM finding_runs LIMIT 1').get() !== undefined;
      return { asOf: resolveAsOf(db, judgedThrough ?? clock.now()), judged, ...judgedUnder(null), findings };
    },
    getFinding: async ({ id }) => {
      const found = getFinding(db, id);
      if (!found) throw new AppError('NOT_FOUND', `No finding ${id}.`);
      return found;
    },
    getPolicy: async () => ({ ...currentPolicyVersion(db), origin: policyOrigin }),
    listPolicyVersions: async () => listPolicyVersions(db),
    savePolicy: async (args, ctx) => {
      if (policyOrigin.kind === 'config-file') {
        throw new AppError('CONFLICT', `The policy comes from the config file ${policyOrigin.path}; edit its policy section there and restart.`);
      }
      const saved = savePolicy(db, clock, args.policy, ctx.actor, {
        ...(args.note !== undefined ? { note: args.note } : {}),
        ...(args.expectedVersion !== undefined ? { expectedVersion: args.expectedVersion } : {}),
      });
      return { version: saved.version, changed: saved.changed, rejudged: saved.changed ? rejudge(ctx.actor) : false };
    },
    listIdentityLinks: async () => listIdentityLinks(db),
    setIdentityLink: async (args, ctx) => {
      const link = setIdentityLink(db, clock, identityLinkInput.parse(args), ctx.actor);
      rejudge(ctx.actor);
      return link;
    },
    clearIdentityLink: async (args, ctx) => {
      const cleared = clearIdentityLink(db, clock, args, ctx.actor);
      if (cleared) rejudge(ctx.actor);
      return { cleared };
    },
  };
}
