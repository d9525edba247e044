// The analyst's SQL editor with the collaboration's schemas, the engine's check in plain words,
// proposals, and the owners' decisions on them.
import { useEffect, useState } from 'react';
import { ActionButton, Decision, ErrorText, Hash, Time } from '../ui.jsx';

function typeName(t) {
  if (!t) return '?';
  if (t.name === 'int') return `${t.isSigned === false ? 'uint' : 'int'}${t.bitWidth || ''}`;
  if (t.name === 'decimal') return `decimal(${t.precision},${t.scale})`;
  if (t.name === 'date') return 'date';
  return t.name;
}

function Schemas({ contract }) {
  return (
    <aside className="schemas" aria-labelledby="schemas-heading">
      <h3 id="schemas-heading">Tables you may query</h3>
      {contract.contract.datasets.map((d) => {
        const cols = (d.analysisRule && d.analysisRule.columns) || {};
        return (
          <div key={d.id}>
            <h4>
              <code>{d.id}</code> <span className="owner">({d.owner}{d.analysisRule ? `, ${d.analysisRule.mode}` : ''})</span>
            </h4>
            <ul>
              {d.schema.fields.map((f) => (
                <li key={f.name}>
                  <code>{f.name}</code> {typeName(f.type)}
                  {cols[f.name] && cols[f.name].roles && <span className="roles"> — {cols[f.name].roles.join(', ')}</span>}
                  {cols[f.name] && cols[f.name].functions && <span className="roles"> ({cols[f.name].functions.join(', ')})</span>}
                </li>
              ))}
            </ul>
            {d.analysisRule && d.analysisRule.minimumThreshold && (
              <p className="small">Every group must hold at least {d.analysisRule.minimumThreshold} distinct people.</p>
            )}
          </div>
        );
      })}
    </aside>
  );
}

/** The check report in plain words: the verdict, the reasons, what is read and released. */
export function Report({ report }) {
  if (!report) return null;
  const allowed = report.verdict === 'allowed';
  return (
    <div className={`report ${allowed ? 'allowed' : 'refused'}`}>
      <p className="verdict">
        <strong>{allowed ? 'Accepted by the contract' : 'Refused by the contract'}</strong>
        {report.fingerprint && (
          <>
            {' '}
            · fingerprint <Hash value={report.fingerprint} />
          </>
        )}
      </p>
      {report.refusals && report.refusals.length > 0 && (
        <ul className="refusals">
          {report.refusals.map((r, i) => (
            <li key={i}>
              {r.message} <code>{r.code}</code>
            </li>
          ))}
        </ul>
      )}
      {report.summary && report.summary.length > 0 && (
        <ul className="summary">
          {report.summary.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Proposal({ q, api, me, org, reload }) {
  const [error, setError] = useState(null);
  const readers = q.approvals ? Object.keys(q.approvals) : [];
  const mayDecide = q.allowed && me.roles.includes('data-owner') && org && readers.includes(org);
  async function decide(decision) {
    await api('/approvals', {
      method: 'POST',
      json: { kind: 'query', contractHash: q.contractHash, queryFingerprint: q.fingerprint, decision },
    });
    await reload();
  }
  return (
    <li className="proposal" data-query-id={q.id}>
      <pre className="code">{q.sql}</pre>
      <p>
        Proposed <Time value={q.proposedAt} /> by {q.proposedBy} ({q.proposedByOrg}) against contract <Hash value={q.contractHash} />
        {q.approved && <strong className="active"> · approved by every owner</strong>}
      </p>
      <Report report={q.report} />
      {q.approvals && (
        <p>
          {Object.entries(q.approvals).map(([o, d]) => (
            <span key={o} className="member">
              {o}: <Decision value={d} />
            </span>
          ))}
        </p>
      )}
      {mayDecide && (
        <div className="decide">
          <ActionButton className="approve-query" action={() => decide('approved')} onError={setError}>
            Approve for {org}
          </ActionButton>
          <ActionButton className="reject-query" action={() => decide('rejected')} onError={setError}>
            Reject
          </ActionButton>
        </div>
      )}
      <ErrorText error={error} />
    </li>
  );
}

export function QueriesTab({ api, contract, me, org }) {
  const [sql, setSql] = useState('');
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  const [list, setList] = useState(null);
  const load = () => api('/queries').then(setList, setError);
  useEffect(() => {
    load();
  }, []);
  if (!contract) return <p>No contract yet: queries are checked against a contract version.</p>;
  const analyst = me.roles.includes('analyst');
  const body = () => ({ contractHash: contract.contractHash, sql });

  return (
    <>
      <h2>Queries</h2>
      <div className="queries">
        <Schemas contract={contract} />
        {analyst && (
          <form className="editor" onSubmit={(e) => e.preventDefault()}>
            <label htmlFor="sql">SQL (checked against contract version {contract.version})</label>
            <textarea
              id="sql"
              className="code"
              rows={8}
              spellCheck={false}
              value={sql}
              onChange={(e) => {
                setSql(e.target.value);
                setReport(null);
              }}
            />
            <ActionButton id="check-query" action={async () => setReport(await api('/queries/check', { method: 'POST', json: body() }))} onError={setError}>
              Check
            </ActionButton>
            <ActionButton
              id="propose-query"
              action={async () => {
                const q = await api('/queries', { method: 'POST', json: body() });
                setReport(q.report);
                await load();
              }}
              onError={setError}
            >
              Propose
            </ActionButton>
            <ErrorText error={error} />
            <div id="check-report" aria-live="polite">
              <Report report={report} />
            </div>
          </form>
        )}
      </div>
      <h3>Proposals</h3>
      {!analyst && <ErrorText error={error} />}
      {list && list.length === 0 && <p>No query has been proposed.</p>}
      <ul className="proposals" id="proposals">
        {list && list.map((q) => <Proposal key={q.id} q={q} api={api} me={me} org={org} reload={load} />)}
      </ul>
    </>
  );
}
