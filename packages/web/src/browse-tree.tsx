import { useState } from 'react';
import type { BrowseItem } from './api-types';
import { QualityChip } from './connector-badges';
import { fmtBrowseValue } from './connector-format';
import { fmtAgo, fmtFullTime } from './format';
import { LiveNote } from './live-note';
import { ErrorState, Loading } from './state-views';
import type { LiveBrowse } from './use-live-browse';

interface Crumb {
  path?: string;
  label: string;
}

/** An item that carries a value can be mapped; a folder or object is only browsed into. */
export function isMappable(i: BrowseItem): boolean {
  return !i.hasChildren || i.dataType !== undefined || i.value !== undefined;
}

/**
 * An address space to walk (OPC UA): folders open on click with a breadcrumb back, variables show their live value
 * and, when `onToggle` is given, a tick box to map them. Mount it with a new `key` for each new browse session.
 */
export function BrowseTree({
  browse,
  rootPath,
  rootLabel,
  selected,
  onToggle,
  now,
}: {
  browse: LiveBrowse;
  rootPath?: string;
  rootLabel: string;
  selected?: Set<string>;
  onToggle?: (item: BrowseItem) => void;
  now: number;
}) {
  const [trail, setTrail] = useState<Crumb[]>(() => [{ path: rootPath, label: rootLabel }]);
  const go = (i: number) => {
    const c = trail[i];
    if (!c) return;
    setTrail(trail.slice(0, i + 1));
    browse.navigate(c.path);
  };
  const enter = (item: BrowseItem) => {
    setTrail([...trail, { path: item.tag, label: item.name || item.tag }]);
    browse.navigate(item.tag);
  };
  const items = browse.items;

  return (
    <div className="browse" data-testid="browse-results" data-path={browse.path ?? ''}>
      <div className="browse-head">
        <nav className="breadcrumb" aria-label="Browse path" data-testid="browse-breadcrumb">
          {trail.map((c, i) => {
            // a crumb is its depth: OPC UA references may loop, so one node can appear twice in a trail
            const key = `${i}:${c.path ?? ''}`;
            return i === trail.length - 1 ? (
              <span key={key} className="strong" aria-current="location">
                {c.label}
              </span>
            ) : (
              <button key={key} type="button" className="linklike crumb" onClick={() => go(i)}>
                {c.label}
              </button>
            );
          })}
        </nav>
        <LiveNote browse={browse} now={now} />
      </div>
      {!items ? (
        browse.loading ? (
          <Loading label="Browsing…" />
        ) : browse.error !== undefined ? (
          <ErrorState error={browse.error} title="Could not browse" onRetry={() => browse.navigate(browse.path)} />
        ) : null
      ) : items.length === 0 ? (
        <p className="muted small browse-empty">Nothing below this node.</p>
      ) : (
        <div className="browse-scroll">
          <table className="browse-table">
            <thead>
              <tr>
                {onToggle && <th className="check-col" aria-label="Map" />}
                <th>Name</th>
                <th>Node id</th>
                <th>Type</th>
                <th className="num">Value</th>
                <th className="num">Source time</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const mappable = isMappable(item);
                const checked = selected?.has(item.tag) ?? false;
                return (
                  <tr
                    key={item.tag}
                    data-testid="browse-item"
                    data-tag={item.tag}
                    data-has-children={item.hasChildren ? 'true' : 'false'}
                    className={checked ? 'is-selected' : undefined}
                  >
                    {onToggle && (
                      <td className="check-col">
                        {mappable && (
                          <input
                            type="checkbox"
                            checked={checked}
                            onChange={() => onToggle(item)}
                            aria-label={`Map ${item.name || item.tag}`}
                          />
                        )}
                      </td>
                    )}
                    <td>
                      {item.hasChildren ? (
                        <button type="button" className="linklike browse-folder" onClick={() => enter(item)}>
                          <span aria-hidden="true">▸ </span>
                          {item.name || item.tag}
                        </button>
                      ) : (
                        <span className="strong">{item.name || item.tag}</span>
                      )}
                    </td>
                    <td className="mono muted small tag-cell" title={item.tag}>
                      {item.tag}
                    </td>
                    <td className="muted small">{item.dataType ?? ''}</td>
                    <td className="num strong">
                      {mappable ? fmtBrowseValue(item.value) : ''} <QualityChip quality={item.quality} />
                    </td>
                    <td className="num muted small" title={fmtFullTime(item.ts)}>
                      {item.ts === undefined ? '' : fmtAgo(item.ts, now)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
