/** One finding of a completed work order (a know-how hit), and the alert page's list of past findings. */
import type { KnowledgeHit } from '@prognos/core';
import { assetTypeLabel, fmtFullTime } from './format';
import { routes } from './router';

/** "40 min", "2 h", "1 h 15 min". */
export function fmtRepairMinutes(min: number): string {
  if (min < 60) return `${Math.max(1, Math.round(min))} min`;
  const h = Math.floor(min / 60);
  const m = Math.round(min - h * 60);
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** Text whose matched words the server put between « and », with those words highlighted. */
export function Marked({ text }: { text: string }) {
  // split() with a capturing group keeps the marked words at the odd indexes.
  const parts = text.split(/«([^»]*)»/);
  return (
    <>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts never reorder
          <mark key={i}>{p}</mark>
        ) : (
          p
        ),
      )}
    </>
  );
}

/** Root cause, action, then who, how long and when: the facts a technician wants from last time. */
export function KnowledgeHitItem({ hit, showSnippet = true }: { hit: KnowledgeHit; showSnippet?: boolean }) {
  const facts = [
    hit.repairMinutes !== undefined ? `fixed in ${fmtRepairMinutes(hit.repairMinutes)}` : undefined,
    hit.technician ? `by ${hit.technician}` : undefined,
    hit.completedAt !== undefined
      ? new Date(hit.completedAt).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })
      : undefined,
  ].filter((f) => f !== undefined);
  const marked = showSnippet && hit.snippet.includes('«');
  const plain = hit.snippet.replace(/[«»]/g, '');
  const where = !marked ? 'none' : plain === hit.rootCause ? 'cause' : plain === hit.actionTaken ? 'action' : 'other';
  return (
    <li className="know-hit" data-testid="knowledge-hit" data-work-order-id={hit.workOrderId}>
      <a className="know-title strong" href={routes.workOrder(hit.workOrderId)}>
        {hit.title}
      </a>
      <div className="know-meta muted small">
        <a href={routes.asset(hit.assetId)}>{hit.assetName ?? hit.assetId}</a>
        {hit.assetType && <span>{assetTypeLabel(hit.assetType)}</span>}
        {(hit.failureModeName ?? hit.failureModeId) && (
          <span data-testid="knowledge-hit-mode">{hit.failureModeName ?? hit.failureModeId}</span>
        )}
      </div>
      {/* The matched words are highlighted where they are: in the root cause or the action when the snippet is
          one of those, else on a line of their own (a match in the title or the notes). */}
      {where === 'other' && (
        <div className="know-snippet" data-testid="knowledge-snippet">
          <Marked text={hit.snippet} />
        </div>
      )}
      <dl className="know-finding">
        <dt>Found</dt>
        <dd data-testid={where === 'cause' ? 'knowledge-snippet' : undefined}>
          {where === 'cause' ? <Marked text={hit.snippet} /> : hit.rootCause || '—'}
        </dd>
        <dt>Done</dt>
        <dd data-testid={where === 'action' ? 'knowledge-snippet' : undefined}>
          {where === 'action' ? <Marked text={hit.snippet} /> : hit.actionTaken || '—'}
        </dd>
      </dl>
      {facts.length > 0 && (
        <div className="muted small" title={hit.completedAt ? fmtFullTime(hit.completedAt) : undefined}>
          {facts.join(' · ')}
        </div>
      )}
    </li>
  );
}

/** What was found before on machines of this type for the causes the alert points at (alert.knowledge). */
export function PastFindings({ hits }: { hits?: KnowledgeHit[] }) {
  if (!hits || hits.length === 0) return null;
  return (
    <div className="past-findings" data-testid="past-findings">
      <h3 className="section-label">Past findings for these causes</h3>
      <ul className="know-list">
        {hits.map((h) => (
          <KnowledgeHitItem key={h.workOrderId} hit={h} showSnippet={false} />
        ))}
      </ul>
    </div>
  );
}
