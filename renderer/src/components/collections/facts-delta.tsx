import { formatCount } from '../../collection/collection-format';
import './collections.css';

/** Facts that started holding (+) and stopped holding (−) in a collection: the change it recorded. */
export function FactsDelta({ opened, closed }: { opened: number; closed: number }) {
  return (
    <span className="facts-delta" title={`${opened} facts opened, ${closed} closed`}>
      <span className="facts-delta__opened">+{formatCount(opened)}</span> / <span className="facts-delta__closed">−{formatCount(closed)}</span>
    </span>
  );
}
