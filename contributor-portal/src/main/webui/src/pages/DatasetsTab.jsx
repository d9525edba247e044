// Sealing in the browser, upload of the sealed bytes, the key's deposit at the owner's key broker,
// and every uploaded version.
import { useEffect, useState } from 'react';
import { depositKey, sealAndUpload, sealingAvailable } from '../upload.js';
import { ActionButton, ErrorText, Hash, Time } from '../ui.jsx';

function brokerOf(config, org) {
  return (config.keyBrokers && config.keyBrokers[org]) || config.keyBroker || null;
}

function UploadForm({ id, dataset, org, config, contract, api, reload, onUploaded }) {
  const [file, setFile] = useState(null);
  const [progress, setProgress] = useState(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState(null);
  const [pendingKey, setPendingKey] = useState(null); // a sealed file's key not yet deposited
  const [uploaded, setUploaded] = useState(null);
  const broker = brokerOf(config, org);
  const inputId = `file-${dataset.id}`;

  async function deposit(k) {
    setStatus(`Depositing the data key at your key broker (${broker})…`);
    await depositKey(broker, dataset.id, k.dek, k.keyId);
    k.dek.fill(0);
    setPendingKey(null);
    setStatus(`Sealed, uploaded and key deposited (key id ${k.keyId}).`);
  }

  async function upload() {
    if (!file) throw new Error('Choose a CSV or Arrow file first');
    if (!broker) throw new Error('No key broker is configured for your organization: the key would have nowhere to go');
    setUploaded(null);
    setStatus('Sealing in this browser…');
    const r = await sealAndUpload({
      collaborationId: id,
      dataset,
      ownerOrg: org,
      file,
      onProgress: (phase, done, total) => {
        setProgress(total ? done / total : null);
        setStatus(phase === 'sealing' ? `Sealing and uploading: ${Math.floor((100 * done) / (total || 1))}%` : 'Checking the upload…');
      },
    });
    setUploaded(r.version);
    onUploaded();
    const k = { dek: r.dek, keyId: r.keyId };
    setPendingKey(k);
    await deposit(k);
  }

  async function proposeWithDigest() {
    const json = structuredClone(contract.contract);
    for (const d of json.datasets) if (d.id === dataset.id) d.sealedDigest = uploaded.sealedDigest;
    await api('/contracts', { method: 'POST', json });
    await reload();
    setStatus(`Proposed a contract version naming ${uploaded.sealedDigest}: every owner must approve it (Contract tab).`);
  }

  return (
    <section className="upload" aria-labelledby={`upload-${dataset.id}`}>
      <h3 id={`upload-${dataset.id}`}>
        Dataset <code>{dataset.id}</code>
      </h3>
      <p>
        Columns: {((dataset.schema && dataset.schema.fields) || []).map((f) => f.name).join(', ')}
        {dataset.sealedDigest && (
          <>
            {' '}
            · contract names version <Hash value={dataset.sealedDigest} />
          </>
        )}
      </p>
      <label htmlFor={inputId}>CSV (with a header row) or Arrow file</label>
      <input
        id={inputId}
        type="file"
        accept=".csv,.arrow,.arrows,.feather,text/csv"
        onChange={(e) => {
          setFile(e.target.files[0] || null);
          setError(null);
        }}
      />
      <ActionButton id={`seal-${dataset.id}`} action={upload} onError={setError} disabled={!sealingAvailable}>
        Seal and upload
      </ActionButton>
      {progress !== null && (
        <progress id={`progress-${dataset.id}`} max={1} value={progress} aria-label={`Sealing ${dataset.id}`}>
          {Math.floor(progress * 100)}%
        </progress>
      )}
      <p role="status" id={`status-${dataset.id}`}>
        {status}
      </p>
      <ErrorText error={error} />
      {pendingKey && error && (
        <ActionButton id={`deposit-${dataset.id}`} action={() => deposit(pendingKey)} onError={setError}>
          Try depositing the key again
        </ActionButton>
      )}
      {uploaded && !pendingKey && contract.contract.datasets.some((d) => d.id === dataset.id && d.sealedDigest !== uploaded.sealedDigest) && (
        <ActionButton id={`propose-digest-${dataset.id}`} action={proposeWithDigest} onError={setError}>
          Propose a contract version with this upload
        </ActionButton>
      )}
    </section>
  );
}

export function DatasetsTab({ id, api, contract, me, org, config, reload }) {
  const [versions, setVersions] = useState(null);
  const [error, setError] = useState(null);
  const load = () => api('/datasets').then(setVersions, setError);
  useEffect(() => {
    load();
  }, []);
  const mine = contract && org && me.roles.includes('data-owner') ? contract.contract.datasets.filter((d) => d.owner === org) : [];
  return (
    <>
      <h2>Datasets</h2>
      {mine.length > 0 && (
        <>
          <p>
            Your file is sealed in this browser with a new data key; only the sealed bytes go to the portal, and the key
            goes only to your organization's key broker.
          </p>
          {!sealingAvailable && <p className="error">In-browser sealing is not part of this build of the portal.</p>}
          {mine.map((d) => (
            <UploadForm key={d.id} id={id} dataset={d} org={org} config={config} contract={contract} api={api} reload={reload} onUploaded={load} />
          ))}
        </>
      )}
      <h3>Uploaded versions</h3>
      <ErrorText error={error} />
      {versions && versions.length === 0 && <p>Nothing uploaded yet.</p>}
      {versions && versions.length > 0 && (
        <table className="list" id="dataset-versions">
          <thead>
            <tr>
              <th scope="col">Dataset</th>
              <th scope="col">Owner</th>
              <th scope="col">SHA-256 of the sealed file</th>
              <th scope="col">Rows</th>
              <th scope="col">Bytes</th>
              <th scope="col">Key id</th>
              <th scope="col">Uploaded</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.sealedDigest}>
                <td>{v.datasetId}</td>
                <td>{v.ownerOrg}</td>
                <td>
                  <code className="digest">{v.sealedDigest}</code>
                </td>
                <td>{v.rowCount}</td>
                <td>{v.sizeBytes}</td>
                <td>
                  <code>{v.keyId}</code>
                </td>
                <td>
                  <Time value={v.uploadedAt} /> by {v.uploadedBy}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
