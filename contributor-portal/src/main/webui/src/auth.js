// Sign-in with Keycloak: OpenID Connect authorization code flow with PKCE (RFC 7636), public client.
//
// Security: the tokens live only in this module's memory (never localStorage or sessionStorage); a
// reload signs in again (Keycloak's own session makes that a redirect without a password). Only the
// PKCE verifier, the state and the page to come back to are kept in sessionStorage for the
// redirect's round trip, and removed when it returns.

const PENDING = 'cleanroom.signin';

let tokens = null; // {access, refresh, idToken, expiresAt}
let settings = null; // {authority, clientId}

/** Base64url without padding of bytes. */
export function base64Url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A fresh PKCE verifier (43 characters) and its S256 challenge. */
export async function pkcePair() {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64Url(new Uint8Array(digest)) };
}

/** The claims of a JWT (not verified: the portal and the broker verify; the page only displays). */
export function claims(jwt) {
  const part = jwt.split('.')[1];
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((part.length + 3) % 4);
  const text = new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
  return JSON.parse(text);
}

/** Who is signed in: user, organizations and realm roles, from the access token. */
export function identity(accessToken) {
  const c = claims(accessToken);
  const org = c.organization;
  const orgs = Array.isArray(org) ? org : org && typeof org === 'object' ? Object.keys(org) : org ? [org] : [];
  return {
    user: c.preferred_username || c.sub,
    orgs,
    roles: (c.realm_access && c.realm_access.roles) || [],
  };
}

function redirectUri() {
  return window.location.origin + window.location.pathname;
}

/** Sends the browser to Keycloak's sign-in page. */
export async function signIn(config) {
  const { verifier, challenge } = await pkcePair();
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, hash: window.location.hash }));
  const q = new URLSearchParams({
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: 'openid organization',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  window.location.assign(`${config.authority}/protocol/openid-connect/auth?${q}`);
}

async function tokenRequest(params) {
  const res = await fetch(`${settings.authority}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: settings.clientId, ...params }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new Error(`Sign-in failed: ${body.error_description || body.error || res.status}`);
  }
  tokens = {
    access: body.access_token,
    refresh: body.refresh_token,
    idToken: body.id_token || (tokens && tokens.idToken),
    expiresAt: Date.now() + (body.expires_in || 60) * 1000,
  };
}

/**
 * Completes a sign-in when the page is Keycloak's redirect back (code and state in the query);
 * answers the identity, or null when nobody is signed in.
 */
export async function completeSignIn(config) {
  settings = config;
  const params = new URLSearchParams(window.location.search);
  const pendingText = sessionStorage.getItem(PENDING);
  if (!params.has('state') || !pendingText) return null;
  sessionStorage.removeItem(PENDING);
  const pending = JSON.parse(pendingText);
  window.history.replaceState(null, '', window.location.pathname + (pending.hash || ''));
  if (params.get('state') !== pending.state) throw new Error('Sign-in failed: the answer does not match this page');
  if (params.has('error')) throw new Error(`Sign-in failed: ${params.get('error_description') || params.get('error')}`);
  await tokenRequest({
    grant_type: 'authorization_code',
    code: params.get('code'),
    redirect_uri: redirectUri(),
    code_verifier: pending.verifier,
  });
  return identity(tokens.access);
}

/** A valid access token, refreshed when it is about to expire. */
export async function accessToken() {
  if (!tokens) throw new Error('Not signed in');
  if (Date.now() > tokens.expiresAt - 30000 && tokens.refresh) {
    await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh });
  }
  return tokens.access;
}

/** Forgets the tokens and ends the Keycloak session. */
export function signOut() {
  const idToken = tokens && tokens.idToken;
  tokens = null;
  const q = new URLSearchParams({ client_id: settings.clientId, post_logout_redirect_uri: redirectUri() });
  if (idToken) q.set('id_token_hint', idToken);
  window.location.assign(`${settings.authority}/protocol/openid-connect/logout?${q}`);
}
