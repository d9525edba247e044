import { describe, expect, it } from 'vitest';
import { ApiError, problemOf } from './api.js';

describe('problemOf', () => {
  it('says the stable code in words, then the detail', async () => {
    const res = new Response(
      JSON.stringify({ type: 'urn:cleanroom:problem:contract_invalid', title: 'CONTRACT_INVALID', status: 400, code: 'CONTRACT_INVALID', detail: 'contract.members: required' }),
      { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
    );
    const e = await problemOf(res);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.message).toBe('The contract is not valid: contract.members: required');
    expect(e.code).toBe('CONTRACT_INVALID');
    expect(e.status).toBe(400);
  });

  it('keeps the title of an unknown code and answers a body that is no JSON with the status', async () => {
    const unknown = await problemOf(new Response(JSON.stringify({ title: 'Something new', status: 418 }), { status: 418 }));
    expect(unknown.message).toBe('Something new');
    const html = await problemOf(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    expect(html.message).toBe('Bad Gateway');
    expect(html.code).toBeUndefined();
  });
});
