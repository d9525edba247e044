// The contract's versions, the JSON, each owner's decision, and a new version.
import { useState } from 'react';
import { ActionButton, Decision, ErrorText, Hash, Time } from '../ui.jsx';

/** The organizations that own a dataset of the contract: each must approve it. */
export function ownersOf(contractJson) {
  return [...new Set(((contractJson && contractJson.datasets) || []).map((d) => d.owner))].sort();
}

function Approvals({ version, api, me, org, reload }) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState(null);
  const owners = ownersOf(version.contract);
  const approvals = version.approvals;
  const mayDecide = me.roles.includes('data-owner') && org && owners.includes(org);
  async function decide(decision) {
    await api('/approvals', {
      method: 'POST',
      json: { kind: 'contract', contractHash: version.contractHash, decision, ...(comment ? { comment } : {}) },
    });
    setComment('');
    await reload();
  }
  return (
    <section aria-labelledby="approvals-heading">
      <h3 id="approvals-heading">Approvals {version.active ? <span className="active">(active: every owner approved)</span> : null}</h3>
      {approvals === undefined ? (
        <p>This portal does not relay approvals yet.</p>
      ) : (
        <table className="list" id="contract-approvals">
          <thead>
            <tr>
              <th scope="col">Data owner</th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {owners.map((o) => (
              <tr key={o}>
                <td>{o}</td>
                <td>
                  <Decision value={approvals[o]} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayDecide && approvals !== undefined && (
        <div className="decide">
          <label>
            Comment (optional)
            <input id="contract-comment" value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
          <ActionButton id="approve-contract" action={() => decide('approved')} onError={setError}>
            Approve for {org}
          </ActionButton>
          <ActionButton id="reject-contract" action={() => decide('rejected')} onError={setError}>
            Reject
          </ActionButton>
          <ErrorText error={error} />
        </div>
      )}
    </section>
  );
}

function ProposeForm({ api, contract, reload, onProposed }) {
  const [text, setText] = useState(() => JSON.stringify(contract ? contract.contract : { version: 1 }, null, 2));
  const [error, setError] = useState(null);
  async function propose() {
    try {
      JSON.parse(text);
    } catch (e) {
      throw new Error(`The contract is not JSON: ${e.message}`);
    }
    const v = await api('/contracts', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: text });
    await reload();
    onProposed(v.contractHash);
  }
  return (
    <section aria-labelledby="propose-heading">
      <h3 id="propose-heading">Propose a new version</h3>
      <label htmlFor="contract-editor">Contract JSON (docs/contract.md)</label>
      <textarea id="contract-editor" className="code" rows={20} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      <ActionButton id="propose-contract" action={propose} onError={setError}>
        Propose this version
      </ActionButton>
      <ErrorText error={error} />
    </section>
  );
}

export function ContractTab({ api, contracts, contract, me, org, reload }) {
  const [selectedHash, setSelectedHash] = useState(null);
  const version = contracts.find((c) => c.contractHash === selectedHash) || contract;
  const mayPropose = me.roles.includes('data-owner');
  return (
    <>
      <h2>Contract</h2>
      {contracts.length === 0 ? (
        <p>No contract has been proposed yet.</p>
      ) : (
        <>
          <table className="list" id="contract-versions">
            <caption className="sr-only">Contract versions</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Hash</th>
                <th scope="col">Proposed</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {contracts.map((c) => (
                <tr key={c.contractHash} aria-current={c === version ? 'true' : undefined}>
                  <td>
                    <button type="button" className="link" onClick={() => setSelectedHash(c.contractHash)}>
                      Version {c.version}
                    </button>
                  </td>
                  <td>
                    <Hash value={c.contractHash} />
                  </td>
                  <td>
                    <Time value={c.proposedAt} /> by {c.proposedBy} ({c.proposedByOrg})
                  </td>
                  <td>{c.active ? 'active' : c.active === false ? 'awaiting approvals' : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Version {version.version}</h3>
          <p>
            Hash <code id="contract-hash">{version.contractHash}</code>
          </p>
          <Approvals version={version} api={api} me={me} org={org} reload={reload} />
          <details>
            <summary>The contract's JSON</summary>
            <pre className="code" id="contract-json" tabIndex={0}>
              {JSON.stringify(version.contract, null, 2)}
            </pre>
          </details>
        </>
      )}
      {mayPropose && <ProposeForm api={api} contract={version} reload={reload} onProposed={setSelectedHash} />}
    </>
  );
}
