// One collaboration: its contract, datasets, queries, runs and log, as tabs.
import { useCallback, useEffect, useState } from 'react';
import { collab } from '../api.js';
import { ErrorText, Tabs } from '../ui.jsx';
import { ContractTab } from './ContractTab.jsx';
import { DatasetsTab } from './DatasetsTab.jsx';
import { QueriesTab } from './QueriesTab.jsx';
import { RunsTab } from './RunsTab.jsx';
import { LogTab } from './LogTab.jsx';

const TABS = [
  { id: 'contract', label: 'Contract' },
  { id: 'datasets', label: 'Datasets' },
  { id: 'queries', label: 'Queries' },
  { id: 'runs', label: 'Runs' },
  { id: 'log', label: 'Log' },
];

/** The contract version new work uses: the newest active one, else the newest. */
export function currentContract(contracts) {
  if (!contracts || contracts.length === 0) return null;
  const active = contracts.filter((c) => c.active);
  return (active.length ? active : contracts)[(active.length ? active : contracts).length - 1];
}

export function Collaboration({ id, tab, me, config }) {
  const api = useCallback(collab(id), [id]);
  const [c, setC] = useState(null);
  const [contracts, setContracts] = useState(null);
  const [error, setError] = useState(null);

  const reload = useCallback(async () => {
    try {
      const [cv, list] = await Promise.all([api(''), api('/contracts')]);
      setC(cv);
      setContracts(list);
    } catch (e) {
      setError(e);
    }
  }, [api]);
  useEffect(() => {
    reload();
  }, [reload]);

  const org = me.orgs.length === 1 ? me.orgs[0] : null;
  const ctx = { id, api, c, contracts, contract: currentContract(contracts), me, org, config, reload };
  const selected = TABS.some((t) => t.id === tab) ? tab : 'contract';
  return (
    <>
      <p>
        <a href="#/">← Collaborations</a>
      </p>
      <h1>{c ? c.name || c.id : id}</h1>
      {c && (
        <p className="members">
          {Object.entries(c.members || {}).map(([o, roles]) => (
            <span key={o} className="member">
              {o}: {roles.join(', ')}
            </span>
          ))}
        </p>
      )}
      <ErrorText error={error} />
      <Tabs
        label="Collaboration"
        tabs={TABS}
        selected={selected}
        onSelect={(t) => (window.location.hash = `#/c/${encodeURIComponent(id)}/${t}`)}
      />
      <section role="tabpanel" id={`panel-${selected}`} aria-labelledby={`tab-${selected}`} tabIndex={0}>
        {c && contracts && selected === 'contract' && <ContractTab {...ctx} />}
        {c && contracts && selected === 'datasets' && <DatasetsTab {...ctx} />}
        {c && contracts && selected === 'queries' && <QueriesTab {...ctx} />}
        {c && contracts && selected === 'runs' && <RunsTab {...ctx} />}
        {c && selected === 'log' && <LogTab {...ctx} />}
      </section>
    </>
  );
}
