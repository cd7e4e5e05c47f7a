import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEnvSchema } from '../../infra/local/config.js';
import type { RelayResponse } from '../../infra/local/simulator-routes.js';
import { type Line, PUBLIC_URL, startLine } from './line-harness.js';

const PHONE = '+447400123499';
let line: Line;

beforeAll(async () => {
  line = await startLine();
});
afterAll(() => line.close());

const relay = async (body: unknown, contentType = 'application/json') => {
  const response = await line.dev(`/dev/relay`, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as RelayResponse & { message?: string } };
};

describe('the simulator page', () => {
  it.each([
    ['/', 'text/html; charset=utf-8'],
    ['/simulator/simulator.js', 'text/javascript; charset=utf-8'],
    ['/simulator/simulator.css', 'text/css; charset=utf-8'],
  ])('serves %s locally, under a self-only content security policy', async (path, type) => {
    const response = await fetch(`${line.baseUrl}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await response.text()).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('serves nothing else from its folder', async () => {
    expect((await fetch(`${line.baseUrl}/simulator/page.html`)).status).toBe(404);
    expect((await fetch(`${line.baseUrl}/simulator/../simulator-routes.ts`)).status).toBe(404);
  });
});

describe('POST /dev/relay', () => {
  it('completes a text as Twilio posts it, signs it against PUBLIC_URL and returns the replies', async () => {
    const { status, json } = await relay({ path: '/sms', params: { From: PHONE, Body: 'HELP' } });
    expect(status).toBe(200);
    // 200 from /sms means its signature middleware accepted the relay's signature.
    expect(json.status).toBe(200);
    expect(json.request.url).toBe(`${PUBLIC_URL}/sms`);
    expect(json.request.params).toMatchObject({ From: PHONE, Body: 'HELP', NumMedia: '0' });
    expect(json.request.params.MessageSid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(json.messages?.[0]).toContain('Second Opinion Line');
  });

  it('takes a urlencoded form too: path names the route, the other fields are the params', async () => {
    const form = new URLSearchParams({ path: '/sms', From: PHONE, Body: 'MENU' }).toString();
    const { json } = await relay(form, 'application/x-www-form-urlencoded');
    expect(json.status).toBe(200);
    expect(json.request.params.Body).toBe('MENU');
  });

  it('places a call and follows the Gather action, which is an absolute URL on PUBLIC_URL', async () => {
    const first = await relay({ path: '/voice', params: { From: PHONE } });
    expect(first.json.status).toBe(200);
    expect(first.json.request.params).toMatchObject({ CallStatus: 'ringing', Direction: 'inbound' });
    // The line speaks English and Spanish, so it first asks which (1: English).
    expect(first.json.heard?.join(' ')).toContain('For English, press 1. Para español, oprima 2.');
    const callSid = first.json.request.params.CallSid ?? '';
    const choice = first.json.twiml?.children.find((node) => node.name === 'Gather')?.attributes.action ?? '';
    const english = await relay({ url: choice, params: { From: PHONE, CallSid: callSid, Digits: '1' } });
    expect(english.json.heard?.join(' ')).toContain('Welcome to the Second Opinion Line');
    const gather = english.json.twiml?.children.find((node) => node.name === 'Gather');
    const action = gather?.attributes.action ?? '';
    expect(action.startsWith(`${PUBLIC_URL}/voice/`)).toBe(true);

    const next = await relay({ url: action, params: { From: PHONE, CallSid: callSid, Digits: '2' } });
    expect(next.json.status).toBe(200);
    expect(next.json.request).toMatchObject({
      url: action,
      params: { CallSid: callSid, CallStatus: 'in-progress' },
    });
    expect(next.json.heard?.join(' ')).toContain('For what records to gather, press 2.');
  });

  it.each([
    ['a dev route', { path: '/dev/outbox', params: {} }],
    ['an unknown route', { path: '/admin', params: {} }],
    ['another host', { url: 'https://elsewhere.example/sms', params: { From: PHONE } }],
    ['both path and url', { path: '/sms', url: `${PUBLIC_URL}/sms`, params: { From: PHONE } }],
    ['a text without From', { path: '/sms', params: { Body: 'HELP' } }],
    ['params that are not strings', { path: '/sms', params: { From: 44 } }],
  ])('refuses %s with 400', async (_, body) => {
    const { status, json } = await relay(body);
    expect(status).toBe(400);
    expect(json.message).toBeTruthy();
  });

  it("refuses another site's page (a cross-site form post from the developer's browser)", async () => {
    const response = await line.dev(`/dev/relay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'cross-site' },
      body: new URLSearchParams({ path: '/sms', From: PHONE, Body: 'STOP' }),
    });
    expect(response.status).toBe(403);
  });

  it('refuses a body that is neither JSON nor a form', async () => {
    expect((await relay('not json', 'text/plain')).status).toBe(400);
  });
});

describe('the dev server stays local', () => {
  /** A raw request, so the Host header can be anything (fetch always sends the URL's). */
  const raw = (path: string, headers: Record<string, string>, method = 'GET') =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(line.baseUrl);
      const req = request(
        { host: url.hostname, port: url.port, path, method, headers: { ...headers } },
        (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end(
        method === 'POST' ? JSON.stringify({ path: '/sms', params: { From: PHONE, Body: 'HELP' } }) : '',
      );
    });
  const port = () => new URL(line.baseUrl).port;

  it.each([
    ['/dev/outbox', 'GET'],
    ['/dev/relay', 'POST'],
    ['/dev/sweep', 'POST'],
  ])('%s without the X-Dev-Token header is 401', async (path, method) => {
    const response = await fetch(`${line.baseUrl}${path}`, { method });
    expect(response.status).toBe(401);
    const wrong = await fetch(`${line.baseUrl}${path}`, {
      method,
      headers: { 'X-Dev-Token': 'x'.repeat(32) },
    });
    expect(wrong.status).toBe(401);
  });

  it("the page carries the run's token, and only a page on this server can read it", async () => {
    const page = await (await fetch(`${line.baseUrl}/`)).text();
    expect(page).toContain(`<meta name="dev-token" content="${line.config.DEV_TOKEN}" />`);
    // A DNS-rebinding page reaches the port under its own name: refused.
    for (const host of ['evil.example', `evil.example:${port()}`, `localhost:${Number(port()) + 1}`]) {
      expect((await raw('/', { Host: host })).status).toBe(421);
      expect((await raw('/dev/outbox', { Host: host, 'X-Dev-Token': line.config.DEV_TOKEN })).status).toBe(
        421,
      );
    }
    for (const host of [`localhost:${port()}`, `127.0.0.1:${port()}`]) {
      expect((await raw('/dev/outbox', { Host: host, 'X-Dev-Token': line.config.DEV_TOKEN })).status).toBe(
        200,
      );
    }
  });

  it('the relay refuses cross-origin requests even with the token', async () => {
    const crossOrigin: Record<string, string>[] = [
      { Origin: 'https://evil.example' },
      { 'Sec-Fetch-Site': 'same-site' },
      { Origin: 'null' },
    ];
    for (const headers of crossOrigin) {
      const response = await line.dev('/dev/relay', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ path: '/sms', params: { From: PHONE, Body: 'HELP' } }),
      });
      expect(response.status).toBe(403);
    }
    const sameOrigin = await line.dev('/dev/relay', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: line.baseUrl, 'Sec-Fetch-Site': 'same-origin' },
      body: JSON.stringify({ path: '/sms', params: { From: PHONE, Body: 'HELP' } }),
    });
    expect(sameOrigin.status).toBe(200);
  });

  it('DEV_TOKEN chooses the token; without it every run makes a new one', () => {
    const chosen = LocalEnvSchema.parse({ DEV_TOKEN: 'my-own-dev-token-123' });
    expect(chosen.DEV_TOKEN).toBe('my-own-dev-token-123');
    const first = LocalEnvSchema.parse({}).DEV_TOKEN;
    const second = LocalEnvSchema.parse({}).DEV_TOKEN;
    expect(first).not.toBe(second);
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(() => LocalEnvSchema.parse({ DEV_TOKEN: 'short' })).toThrow();
    expect(LocalEnvSchema.parse({}).HOST).toBe('127.0.0.1');
  });

  it('no /dev/* route (nor the simulator) when texts would go to the real Twilio API', async () => {
    const live = await startLine({
      env: { TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_FROM: '+15005550006' },
    });
    try {
      expect(live.app.devRoutes).toBe(false);
      expect((await live.dev('/dev/outbox')).status).toBe(404);
      expect((await live.dev('/dev/relay', { method: 'POST' })).status).toBe(404);
      expect((await fetch(`${live.baseUrl}/`)).status).toBe(404);
      expect((await live.text(PHONE, 'HELP'))[0]).toBeTruthy();
    } finally {
      await live.close();
    }
    const faked = await startLine({
      env: {
        TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
        TWILIO_FROM: '+15005550006',
        TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
      },
    });
    try {
      expect(faked.app.devRoutes).toBe(true);
    } finally {
      await faked.close();
    }
  });
});
