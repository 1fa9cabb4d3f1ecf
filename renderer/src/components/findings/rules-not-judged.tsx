import { Link } from 'react-router-dom';
import type { RulesNotJudged as NotJudged } from '../../../../shared/domain/analysis';
import { RULE_LABELS } from '../../findings/findings-view';
import '../analysis/analysis.css';

/**
 * The rules the policy gave nothing to judge against (no group→role mappings, no duty pairs):
 * they could not fire, so no finding of theirs is not a clean result. Shown above the list, and
 * in place of "the rules found no problem" being the whole story.
 */
export function RulesNotJudged({ notJudged, policyVersion }: { notJudged: readonly NotJudged[]; policyVersion: number | null }) {
  if (notJudged.length === 0) return null;
  const label = (rule: NotJudged['rules'][number]) => (rule === 'role-drift' ? `${RULE_LABELS[rule]} (incl. role escalation)` : RULE_LABELS[rule]);
  return (
    <div className="caveat" role="status" data-testid="findings-rules-not-judged" data-rules={notJudged.flatMap((n) => n.rules).join(' ')}>
      <p className="caveat__title">Some rules were not judged</p>
      {notJudged.map((n) => (
        <p key={n.reason} data-reason={n.reason}>
          Not judged: {n.rules.map(label).join(', ')} — {n.because}.
        </p>
      ))}
      <p>
        {policyVersion === 0 ? 'These findings were judged under the built-in default policy (version 0: no policy was ever saved). ' : null}
        Their absence from the list means nobody looked, not that nothing is wrong. Add them in <Link to="/settings/policy">Settings › Policy</Link> (or the
        config file's <code>policy:</code> section).
      </p>
    </div>
  );
}
