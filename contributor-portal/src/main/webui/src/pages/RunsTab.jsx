// Runs of approved queries: start one, follow it live, and (recipients only) read the result as a
// table and a chart, download it as CSV, and download the enclave's signed receipt.
import { useEffect, useRef, useState } from 'react';
import { ApiError, saveBlob } from '../api.js';
import { BarChart } from '../Chart.jsx';
import { ActionButton, ErrorText, Hash, SimulatedBadge, Time } from '../ui.jsx';

function ResultView({ api, run }) {
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api(`/runs/${encodeURIComponent(run.id)}/result`).then(setResult, setError);
  }, [run.id]);
  return (
    <section aria-labelledby="result-heading" className="result">
      <h3 id="result-heading">
        Result <SimulatedBadge show={run.simulated} />
      </h3>
      <ErrorText error={error} />
      {result && (
        <>
          <table className="list" id="result-table">
            <thead>
              <tr>
                {result.columns.map((c) => (
                  <th scope="col" key={c.name}>
                    {c.name} <span className="type">{c.type}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((v, j) => (
                    <td key={j}>{v === null ? '(null)' : String(v)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <BarChart result={result} />
        </>
      )}
      <ActionButton
        id="download-csv"
        action={async () => saveBlob(await api(`/runs/${encodeURIComponent(run.id)}/result?format=csv`, { as: 'blob' }), `result-${run.id}.csv`)}
        onError={setError}
      >
        Download CSV
      </ActionButton>
      <ActionButton
        id="download-receipt"
        action={async () => saveBlob(await api(`/runs/${encodeURIComponent(run.id)}/receipt`, { as: 'blob' }), `receipt-${run.id}.json`)}
        onError={setError}
      >
        Download receipt
      </ActionButton>
    </section>
  );
}

function RunStatus({ run }) {
  const p = run.progress;
  return (
    <span className={`status status-${run.status.toLowerCase()}`}>
      {run.status.toLowerCase()}
      {run.phase && (run.status === 'RUNNING' || run.status === 'QUEUED') ? ` (${run.phase})` : ''}
      {p && p.steps ? (
        <progress max={p.steps} value={p.step} aria-label={`Run ${run.id} progress`}>
          {p.step}/{p.steps}
        </progress>
      ) : null}
      {run.error && <span className="error"> {run.error.message || run.error.code}</span>}
    </span>
  );
}

export function RunsTab({ api, me }) {
  const [runs, setRuns] = useState(null);
  const [queries, setQueries] = useState([]);
  const [error, setError] = useState(null);
  const [unavailable, setUnavailable] = useState(false);
  const [selected, setSelected] = useState(null);
  const timer = useRef(null);

  async function load() {
    try {
      const [r, q] = await Promise.all([api('/runs'), api('/queries')]);
      setRuns(r);
      setQueries(q);
      if (r.some((x) => x.status === 'RUNNING' || x.status === 'QUEUED')) timer.current = setTimeout(load, 1500);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404 && !e.code) setUnavailable(true);
      else setError(e);
    }
  }
  useEffect(() => {
    load();
    return () => clearTimeout(timer.current);
  }, []);

  if (unavailable) return <p>This portal does not start runs yet.</p>;
  const analyst = me.roles.includes('analyst');
  const runnable = queries.filter((q) => q.allowed && q.approved);
  const shown = runs && runs.find((r) => r.id === selected);

  return (
    <>
      <h2>Runs</h2>
      <ErrorText error={error} />
      {analyst && (
        <section aria-labelledby="runnable-heading">
          <h3 id="runnable-heading">Approved queries</h3>
          {runnable.length === 0 && <p>No query is approved by every owner yet.</p>}
          <ul>
            {runnable.map((q) => (
              <li key={q.id}>
                <code>{q.sql}</code>{' '}
                <ActionButton
                  className="run-query"
                  action={async () => {
                    const r = await api('/runs', { method: 'POST', json: { queryId: q.id } });
                    setSelected(r.id);
                    clearTimeout(timer.current);
                    await load();
                  }}
                  onError={setError}
                >
                  Run
                </ActionButton>
              </li>
            ))}
          </ul>
        </section>
      )}
      {runs && runs.length === 0 && <p>No run yet.</p>}
      {runs && runs.length > 0 && (
        <table className="list" id="runs">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Query</th>
              <th scope="col">Status</th>
              <th scope="col">Requested</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} aria-current={r.id === selected ? 'true' : undefined}>
                <td>
                  <Hash value={r.id} /> <SimulatedBadge show={r.simulated} />
                </td>
                <td>
                  <Hash value={r.fingerprint} />
                </td>
                <td>
                  <RunStatus run={r} />
                </td>
                <td>
                  <Time value={r.requestedAt} /> by {r.requestedBy} ({r.requestedOrg})
                </td>
                <td>
                  {r.status === 'SUCCEEDED' && r.recipient ? (
                    <button type="button" className="show-result" onClick={() => setSelected(r.id)}>
                      Show result
                    </button>
                  ) : r.status === 'SUCCEEDED' && me.roles.includes('compliance-officer') ? (
                    <ActionButton
                      className="download-receipt"
                      action={async () => saveBlob(await api(`/runs/${encodeURIComponent(r.id)}/receipt`, { as: 'blob' }), `receipt-${r.id}.json`)}
                      onError={setError}
                    >
                      Download receipt
                    </ActionButton>
                  ) : r.status === 'SUCCEEDED' ? (
                    'for the recipients only'
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown && shown.status === 'SUCCEEDED' && shown.recipient && <ResultView key={shown.id} api={api} run={shown} />}
    </>
  );
}
