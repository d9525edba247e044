// The collaborations the signed-in person sees, and a form to create one.
import { useEffect, useState } from 'react';
import { call } from '../api.js';
import { ActionButton, ErrorText, Time } from '../ui.jsx';

const ROLES = ['data-owner', 'analyst', 'result-recipient', 'compliance'];

function CreateForm({ me, onCreated }) {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [members, setMembers] = useState([{ org: me.orgs[0] || '', roles: ['data-owner'] }]);
  const [error, setError] = useState(null);

  const setMember = (i, m) => setMembers(members.map((x, j) => (j === i ? m : x)));
  async function create() {
    const body = { id: id.trim(), name: name.trim(), members: {} };
    for (const m of members) if (m.org.trim()) body.members[m.org.trim()] = m.roles;
    await call('/v1/collaborations', { method: 'POST', json: body });
    setId('');
    setName('');
    onCreated(body.id);
  }
  return (
    <section aria-labelledby="create-heading">
      <h2 id="create-heading">New collaboration</h2>
      <form onSubmit={(e) => e.preventDefault()}>
        <label>
          Id (letters, digits, dashes)
          <input id="new-collab-id" value={id} onChange={(e) => setId(e.target.value)} required />
        </label>
        <label>
          Name
          <input id="new-collab-name" value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <fieldset>
          <legend>Members and their roles</legend>
          {members.map((m, i) => (
            <div className="member-row" key={i}>
              <label>
                Organization {i + 1}
                <input className="member-org" value={m.org} onChange={(e) => setMember(i, { ...m, org: e.target.value })} />
              </label>
              {ROLES.map((r) => (
                <label key={r} className="check">
                  <input
                    type="checkbox"
                    className={`member-role-${r}`}
                    checked={m.roles.includes(r)}
                    onChange={(e) =>
                      setMember(i, { ...m, roles: e.target.checked ? [...m.roles, r] : m.roles.filter((x) => x !== r) })
                    }
                  />
                  {r}
                </label>
              ))}
              <button type="button" aria-label={`Remove organization ${i + 1}`} onClick={() => setMembers(members.filter((_, j) => j !== i))}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" id="add-member" onClick={() => setMembers([...members, { org: '', roles: [] }])}>
            Add organization
          </button>
        </fieldset>
        <ActionButton id="create-collab" action={create} onError={setError}>
          Create collaboration
        </ActionButton>
        <ErrorText error={error} />
      </form>
    </section>
  );
}

export function Collaborations({ me }) {
  const [list, setList] = useState(null);
  const [error, setError] = useState(null);
  const load = () => call('/v1/collaborations').then(setList, setError);
  useEffect(() => {
    load();
  }, []);
  const mayCreate = me.roles.includes('admin') || me.roles.includes('data-owner');
  return (
    <>
      <h1>Collaborations</h1>
      <ErrorText error={error} />
      {list && list.length === 0 && <p>You are in no collaboration yet.</p>}
      {list && list.length > 0 && (
        <table className="list" id="collaborations">
          <caption className="sr-only">Your collaborations</caption>
          <thead>
            <tr>
              <th scope="col">Collaboration</th>
              <th scope="col">Members</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.id}>
                <td>
                  <a href={`#/c/${encodeURIComponent(c.id)}/contract`}>{c.name || c.id}</a> <code>{c.id}</code>
                </td>
                <td>
                  {Object.entries(c.members || {}).map(([org, roles]) => (
                    <div key={org}>
                      {org}: {roles.join(', ')}
                    </div>
                  ))}
                </td>
                <td>
                  <Time value={c.createdAt} /> by {c.createdBy}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayCreate && <CreateForm me={me} onCreated={(id) => (window.location.hash = `#/c/${encodeURIComponent(id)}/contract`)} />}
    </>
  );
}
