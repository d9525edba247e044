// Calls to the portal (same origin) and to key brokers, with the signed-in person's bearer token.
// Errors are RFC 9457 problem details; they become ApiError with the title and detail in words.

import { accessToken } from './auth.js';

// The portal's and the key broker's stable codes, in words.
const WORDS = {
  UNAUTHENTICATED: 'You are not signed in (or your session ended)',
  ROLE_REQUIRED: 'Your role does not allow this',
  NOT_A_PARTY: 'Your organization is not a party to this',
  NOT_FOUND: 'Not found (or not visible to you)',
  MALFORMED_REQUEST: 'The request is malformed',
  CONTRACT_INVALID: 'The contract is not valid',
  DATASET_INVALID: 'The sealed file was refused',
  OUT_OF_RANGE: 'Out of range',
  CONFLICT: 'This conflicts with what exists',
  QUERY_NOT_RUNNABLE: 'This query cannot run (it is not accepted, or not approved by every owner)',
  NOT_A_RECIPIENT: 'Your organization is not a recipient of this result',
  BROKER_REFUSED: 'The key broker refused',
  SERVICE_UNAVAILABLE: 'A service the portal needs is unavailable',
  ENTRY_REFUSED: 'The log entry was refused',
  LOG_INTEGRITY: 'The stored log failed its integrity check',
};

/** A refused call: `message` is what to show (the code in words, then the detail when there is one). */
export class ApiError extends Error {
  constructor(status, problem) {
    const title = WORDS[problem.code] || problem.title || `HTTP ${status}`;
    super(problem.detail ? `${title}: ${problem.detail}` : title);
    this.status = status;
    this.code = problem.code;
    this.problem = problem;
  }
}

/** Turns a failed response into an ApiError (problem details when the body is JSON). */
export async function problemOf(res) {
  const text = await res.text().catch(() => '');
  let problem = {};
  try {
    problem = JSON.parse(text);
  } catch {
    problem = { title: res.statusText || `HTTP ${res.status}` };
  }
  return new ApiError(res.status, problem);
}

/**
 * Fetches `url` with the bearer token. `json` is sent as JSON; `as` is 'json' (default), 'text',
 * 'blob' or 'response'.
 */
export async function call(url, { method = 'GET', json, body, headers = {}, as = 'json', signal } = {}) {
  const h = { Authorization: `Bearer ${await accessToken()}`, ...headers };
  if (json !== undefined) {
    h['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  }
  const res = await fetch(url, { method, headers: h, body, signal });
  if (!res.ok) throw await problemOf(res);
  if (as === 'response') return res;
  if (as === 'text') return res.text();
  if (as === 'blob') return res.blob();
  if (res.status === 204) return null;
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

/** The portal's API under /v1/collaborations/{id}. */
export function collab(id) {
  const base = `/v1/collaborations/${encodeURIComponent(id)}`;
  return (path = '', opts) => call(base + path, opts);
}

/** Saves a Blob as a file download. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
