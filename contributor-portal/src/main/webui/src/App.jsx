// The portal's web UI: sign-in, who is signed in, and the pages by hash route
// (#/ collaborations, #/c/<id>/<tab> one collaboration).
import { useEffect, useState } from 'react';
import { completeSignIn, signIn, signOut } from './auth.js';
import { ErrorText, SimulatedBadge } from './ui.jsx';
import { Collaborations } from './pages/Collaborations.jsx';
import { Collaboration } from './pages/Collaboration.jsx';

function useHash() {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash;
}

function route(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'c' && parts[1]) return { page: 'collaboration', id: parts[1], tab: parts[2] || 'contract' };
  return { page: 'collaborations' };
}

export function App() {
  const [config, setConfig] = useState(null);
  const [me, setMe] = useState(null);
  const [error, setError] = useState(null);
  const [ready, setReady] = useState(false);
  const hash = useHash();

  useEffect(() => {
    (async () => {
      try {
        const res = await fetch('/v1/config');
        if (!res.ok) throw new Error(`The portal's settings could not be read (HTTP ${res.status})`);
        const c = await res.json();
        setConfig(c);
        setMe(await completeSignIn(c));
      } catch (e) {
        setError(e);
      } finally {
        setReady(true);
      }
    })();
  }, []);

  const r = route(hash);
  useEffect(() => {
    document.title = r.page === 'collaboration' ? `${r.id} — Clean room portal` : 'Clean room portal';
  }, [r.page, r.id]);

  return (
    <>
      <header className="top">
        <a href="#/" className="brand">
          Clean room portal
        </a>
        <SimulatedBadge show={config && config.simulated} />
        {me && (
          <div className="whoami" aria-label="Signed in as">
            <span id="whoami-user">{me.user}</span>
            {me.orgs.length > 0 && <span id="whoami-org"> · {me.orgs.join(', ')}</span>}
            <span id="whoami-roles"> · {me.roles.filter((x) => !x.startsWith('default-roles') && x !== 'offline_access' && x !== 'uma_authorization').join(', ')}</span>
            <button type="button" onClick={() => signOut()}>
              Sign out
            </button>
          </div>
        )}
      </header>
      <main id="main">
        <ErrorText error={error} />
        {ready && config && !me && (
          <section className="signin">
            <h1>Sign in</h1>
            <p>
              Data owners seal and upload their datasets and approve contracts and queries; analysts propose and run
              queries; compliance officers read and verify the log. Your data is sealed in this browser: the portal
              never receives plaintext or keys.
            </p>
            <button type="button" id="sign-in" onClick={() => signIn(config).catch(setError)}>
              Sign in with your organization's account
            </button>
          </section>
        )}
        {me && r.page === 'collaborations' && <Collaborations me={me} />}
        {me && r.page === 'collaboration' && <Collaboration key={r.id} id={r.id} tab={r.tab} me={me} config={config} />}
      </main>
    </>
  );
}
