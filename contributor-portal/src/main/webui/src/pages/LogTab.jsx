// The collaboration's verifiable log: entries with filters, the signed tree head, the export, and
// verification in this browser (docs/audit.md).
import { useEffect, useState } from 'react';
import { saveBlob } from '../api.js';
import { verifyExport } from '../logverify.js';
import { ActionButton, ErrorText, Hash, Time } from '../ui.jsx';

const SIGNERS = {
  'cleanroom.portal-log-entry.v1': 'portal',
  'cleanroom.broker-log-entry.v1': 'key broker',
  'cleanroom.enclave-log-entry.v1': 'enclave',
};

function detailsOf(e) {
  const skip = new Set(['event', 'format', 'signingKey', 'time', 'collaborationId']);
  return Object.entries(e)
    .filter(([k]) => !skip.has(k))
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join(' · ');
}

function VerifyReport({ report, portalKey }) {
  if (!report) return null;
  return (
    <div id="verify-report" className={`report ${report.verified ? 'allowed' : 'refused'}`} role="status">
      <p>
        <strong>{report.verified ? 'Log verified in this browser' : 'Log NOT verified'}</strong>: {report.entries} entries
        {report.computedRoot && (
          <>
            , root recomputed <code>{report.computedRoot}</code>
          </>
        )}
      </p>
      {report.failure && (
        <p className="error">
          Failed at {report.failure.part} (line {report.failure.line}): {report.failure.reason}
        </p>
      )}
      {report.head && (
        <p>
          Tree head: {report.head.size} entries, signed by the portal key <code>{report.head.signingKey}</code>
          {report.head.signingKey === portalKey ? ' (the key the portal publishes at /v1/log/key)' : ''} at{' '}
          <Time value={report.head.timestamp} />
        </p>
      )}
      <ul>
        {Object.entries(report.signers).map(([kind, keys]) => (
          <li key={kind}>
            {kind}:{' '}
            {Object.entries(keys)
              .map(([k, n]) => `${k} (${n} entries)`)
              .join(', ')}{' '}
            — events {Object.entries(report.events[kind] || {}).map(([ev, n]) => `${ev} ${n}`).join(', ')}
          </li>
        ))}
      </ul>
      <p className="small">
        Compare these keys with the ones your organization pinned (docs/audit.md): the check proves the log is what these
        keys signed, and that nothing signed was changed, removed or reordered.
      </p>
    </div>
  );
}

export function LogTab({ id, api }) {
  const [head, setHead] = useState(null);
  const [entries, setEntries] = useState(null);
  const [event, setEvent] = useState('');
  const [signer, setSigner] = useState('');
  const [error, setError] = useState(null);
  const [report, setReport] = useState(null);
  const [portalKey, setPortalKey] = useState(null);

  async function load() {
    const h = await api('/log/head');
    setHead(h);
    const all = [];
    for (let start = 0; start < h.head.size; start += 1000) {
      all.push(...(await api(`/log/entries?start=${start}&end=${Math.min(h.head.size, start + 1000)}`)));
    }
    setEntries(all);
  }
  useEffect(() => {
    load().catch(setError);
  }, []);

  async function verify() {
    setReport(null);
    const [text, key] = await Promise.all([
      api('/log/export', { as: 'text' }),
      fetch('/v1/log/key').then((r) => r.json()),
    ]);
    setPortalKey(key.signingKey);
    setReport(await verifyExport(text, { portalKey: key.signingKey }));
  }

  const events = entries ? [...new Set(entries.map((e) => e.entry.entry.event))].sort() : [];
  const shown = (entries || []).filter(
    (e) => (!event || e.entry.entry.event === event) && (!signer || SIGNERS[e.entry.entry.format] === signer),
  );
  return (
    <>
      <h2>Log</h2>
      <ErrorText error={error} />
      {head && (
        <p id="log-head">
          Signed tree head: <strong>{head.head.size}</strong> entries, root <Hash value={head.head.rootHash} />, signed{' '}
          <Time value={head.head.timestamp} />
        </p>
      )}
      <div className="toolbar">
        <ActionButton id="verify-log" action={verify} onError={setError}>
          Verify in this browser
        </ActionButton>
        <ActionButton id="export-log" action={async () => saveBlob(await api('/log/export', { as: 'blob' }), `${id}.jsonl`)} onError={setError}>
          Download export
        </ActionButton>
        <ActionButton id="sync-log" action={async () => { await api('/log/sync', { method: 'POST' }); await load(); }} onError={setError}>
          Bring in the brokers' and enclaves' entries
        </ActionButton>
      </div>
      <VerifyReport report={report} portalKey={portalKey} />
      <div className="filters">
        <label>
          Event
          <select id="filter-event" value={event} onChange={(e) => setEvent(e.target.value)}>
            <option value="">all</option>
            {events.map((e) => (
              <option key={e}>{e}</option>
            ))}
          </select>
        </label>
        <label>
          Signer
          <select id="filter-signer" value={signer} onChange={(e) => setSigner(e.target.value)}>
            <option value="">all</option>
            {[...new Set(Object.values(SIGNERS))].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      {entries && (
        <table className="list" id="log-entries">
          <caption className="sr-only">Log entries</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Event</th>
              <th scope="col">Signer</th>
              <th scope="col">Time</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={e.index}>
                <td>{e.index}</td>
                <td>{e.entry.entry.event}</td>
                <td title={e.entry.entry.signingKey}>{SIGNERS[e.entry.entry.format] || e.entry.entry.format}</td>
                <td>{e.entry.entry.time ? <Time value={e.entry.entry.time} /> : '—'}</td>
                <td className="details">{detailsOf(e.entry.entry)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
