import type { Asset } from '@prognos/core';
import { useEffect, useMemo } from 'react';
import { api } from './api';
import { AssetEditForm } from './asset-edit-form';
import { CriticalityChip } from './badges';
import { CsvImportBox } from './csv-import-box';
import { assetTypeLabel } from './format';
import { rapi } from './registry-api';
import { buildHierarchy, fmtCostPerHour } from './registry-format';
import { routes } from './router';
import { SparePartsPanel } from './spare-parts-panel';
import { EmptyState, ErrorState, Loading } from './state-views';
import { useAsync } from './use-async';

export type RegistryTab = 'assets' | 'parts';

function AssetRow({ asset, editing }: { asset: Asset; editing: boolean }) {
  const maker = [asset.manufacturer, asset.model].filter(Boolean).join(' ');
  return (
    <div className="reg-asset-row">
      <div className="reg-asset-main">
        <a className="strong" href={routes.asset(asset.id)}>
          {asset.name}
        </a>
        <div className="muted small">
          <span className="mono">{asset.id}</span> · {assetTypeLabel(asset.type)}
          {maker && ` · ${maker}`}
        </div>
      </div>
      <CriticalityChip criticality={asset.criticality} />
      <span className="reg-cost small" data-testid="reg-cost">
        {fmtCostPerHour(asset.downtimeCostPerHour)}
      </span>
      {!editing && (
        <a className="btn btn-ghost reg-edit" href={routes.registry('assets', asset.id)} data-testid="reg-edit">
          Edit
        </a>
      )}
    </div>
  );
}

/** The asset registry: the plant's hierarchy with each asset's criticality and cost of downtime, edits, imports. */
function AssetsPanel({ editId }: { editId?: string }) {
  const state = useAsync('registry-assets', async () => {
    const [plant, assets] = await Promise.all([api.plant(), rapi.assets()]);
    return { plant, assets };
  });
  const { data, error, reload, setData } = state;
  const tree = useMemo(() => (data ? buildHierarchy(data.plant, data.assets) : []), [data]);

  useEffect(() => {
    if (editId && data) document.getElementById(`reg-${editId}`)?.scrollIntoView({ block: 'center' });
  }, [editId, data]);

  if (!data) {
    if (error) return <ErrorState error={error} onRetry={reload} title="Could not load the asset registry" />;
    return <Loading label="Loading the asset registry…" />;
  }
  const saved = (a: Asset) => {
    setData((d) => d && { ...d, assets: d.assets.map((x) => (x.id === a.id ? a : x)) });
    window.location.hash = routes.registry('assets');
  };
  return (
    <div className="stack">
      <CsvImportBox
        what="assets"
        columns="id, name, type, line, criticality, downtime_cost_per_hour, manufacturer, model"
        example={'id,name,type,line,criticality,downtime_cost_per_hour\nP-201,Cooling pump,centrifugal_pump,L1,B,900'}
        onImport={rapi.importAssets}
        onImported={reload}
      />
      {data.assets.length === 0 ? (
        <EmptyState title="No assets yet">Import a CSV above, or register a plant with PUT /api/plant.</EmptyState>
      ) : (
        <div className="card reg-tree" data-testid="registry-tree">
          <div className="reg-site strong">{data.plant.site.name}</div>
          {tree.map((area) => (
            <section key={area.id || 'unassigned'} className="reg-area" data-area-id={area.id}>
              <h2 className="reg-area-name">{area.name}</h2>
              {area.lines.map((line) => (
                <div key={line.id} className="reg-line" data-line-id={line.id}>
                  <h3 className="section-label">{line.name}</h3>
                  {line.assets.length === 0 ? (
                    <div className="muted small reg-none">No assets on this line</div>
                  ) : (
                    <ul className="reg-assets">
                      {line.assets.map((a) => (
                        <li
                          key={a.id}
                          id={`reg-${a.id}`}
                          className={`reg-asset ${editId === a.id ? 'editing' : ''}`}
                          data-testid="reg-asset"
                          data-asset-id={a.id}
                          data-criticality={a.criticality}
                        >
                          <AssetRow asset={a} editing={editId === a.id} />
                          {editId === a.id && (
                            <AssetEditForm
                              asset={a}
                              lines={data.plant.lines}
                              onSaved={saved}
                              onCancel={() => {
                                window.location.hash = routes.registry('assets');
                              }}
                            />
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              ))}
            </section>
          ))}
        </div>
      )}
    </div>
  );
}

export function RegistryPage({ tab, assetId }: { tab: RegistryTab; assetId?: string }) {
  return (
    <div className="page" data-testid="registry-page">
      <div className="page-head">
        <div>
          <h1>Asset registry</h1>
          <div className="page-sub">
            Site → area → line → asset, with criticality and the cost of an hour of unplanned downtime · spare parts and
            their stock
          </div>
        </div>
      </div>
      <div className="toolbar">
        <div className="segmented" role="tablist" aria-label="Registry">
          <a
            role="tab"
            aria-selected={tab === 'assets'}
            className={tab === 'assets' ? 'active' : ''}
            href={routes.registry('assets')}
          >
            Assets
          </a>
          <a
            role="tab"
            aria-selected={tab === 'parts'}
            className={tab === 'parts' ? 'active' : ''}
            href={routes.registry('parts')}
          >
            Spare parts
          </a>
        </div>
      </div>
      {tab === 'parts' ? <SparePartsPanel /> : <AssetsPanel editId={assetId} />}
    </div>
  );
}
