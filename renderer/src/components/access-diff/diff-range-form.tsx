import { useEffect, useState, type FormEvent } from 'react';
import type { SnapshotPoint } from '../../../../shared/domain/analysis';
import { parseTimeArg } from '../../../../shared/domain/time-arg';
import { timeProblem } from '../../access-diff/diff-view';
import { formatTimestamp } from '../../format';
import '../form.css';
import '../analysis/analysis.css';

/**
 * The two ends of a diff. Each is a typed time (a date means the end of that day, UTC) or a
 * pick from the complete collections; "Compare" writes both to the URL so the diff is a link.
 */
export function DiffRangeForm({
  points,
  from,
  to,
  onApply,
  onReset,
}: {
  points: SnapshotPoint[];
  from: string;
  to: string;
  onApply: (range: { from: string; to: string }) => void;
  onReset: () => void;
}) {
  const [fromText, setFromText] = useState(from);
  const [toText, setToText] = useState(to);
  const [problems, setProblems] = useState<{ from?: string; to?: string; order?: string }>({});
  useEffect(() => setFromText(from), [from]);
  useEffect(() => setToText(to), [to]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: { from?: string; to?: string; order?: string } = {};
    const fp = timeProblem(fromText);
    const tp = timeProblem(toText);
    if (fp) found.from = `From: ${fp}`;
    if (tp) found.to = `To: ${tp}`;
    if (!fp && !tp && parseTimeArg(fromText)!.getTime() > parseTimeArg(toText)!.getTime()) found.order = 'From must not be later than To.';
    setProblems(found);
    if (Object.keys(found).length === 0) onApply({ from: fromText.trim(), to: toText.trim() });
  };

  return (
    <form className="range-form stack" onSubmit={submit} noValidate data-testid="diff-range-form" aria-label="Times to compare">
      <div className="range-form__ends">
        <End id="from" legend="From" text={fromText} setText={setFromText} points={points} problem={problems.from} />
        <End id="to" legend="To" text={toText} setText={setToText} points={points} problem={problems.to} />
      </div>
      {problems.order ? (
        <p className="field__error" role="alert" data-testid="diff-range-order">
          {problems.order}
        </p>
      ) : null}
      <div className="form__actions">
        <button type="submit" className="button" data-testid="diff-compare">
          Compare
        </button>
        <button type="button" className="button button--link" onClick={onReset} data-testid="diff-reset">
          Back to the last poll before the as-of time
        </button>
      </div>
    </form>
  );
}

function End({ id, legend, text, setText, points, problem }: { id: string; legend: string; text: string; setText: (t: string) => void; points: SnapshotPoint[]; problem: string | undefined }) {
  const picked = points.find((p) => p.at === text.trim());
  const errorId = `diff-${id}-error`;
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="field">
        <label htmlFor={`diff-${id}-time`}>Date or date-time (UTC unless a zone is given)</label>
        <input
          id={`diff-${id}-time`}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          value={text}
          placeholder="2026-11-03 or 2026-11-03T09:00Z"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? errorId : undefined}
          onChange={(e) => setText(e.target.value)}
          data-testid={`diff-${id}-time`}
        />
        {problem ? (
          <span id={errorId} className="field__error" role="alert">
            {problem}
          </span>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`diff-${id}-collection`}>or a complete collection</label>
        <select id={`diff-${id}-collection`} value={picked?.at ?? ''} onChange={(e) => e.target.value && setText(e.target.value)} data-testid={`diff-${id}-collection`}>
          <option value="">The time typed above</option>
          {[...points].reverse().map((p) => (
            <option key={p.collectionId} value={p.at}>
              Collection {p.collectionId}, {formatTimestamp(p.at)}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}
