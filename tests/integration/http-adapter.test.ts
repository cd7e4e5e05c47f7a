import type { Server } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalServer, type LambdaHttpHandler, listen } from '../../infra/local/http-adapter.js';

const echo: LambdaHttpHandler = async (event, context) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    event,
    functionName: context.functionName,
    remaining: context.getRemainingTimeInMillis(),
  }),
});

type Echoed = { event: APIGatewayProxyEventV2; functionName: string; remaining: number };

function isEchoed(value: unknown): value is Echoed {
  return typeof value === 'object' && value !== null && 'event' in value && 'functionName' in value;
}

async function echoed(response: Response): Promise<Echoed> {
  expect(response.status).toBe(200);
  const parsed: unknown = await response.json();
  if (!isEchoed(parsed)) throw new Error(`Not an echo: ${JSON.stringify(parsed)}`);
  return parsed;
}

const errors: unknown[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createLocalServer(
    [
      { method: 'POST', path: '/sms', handler: echo },
      { method: 'POST', path: '/voice', handler: echo },
      { method: 'POST', path: '/voice/*', handler: echo },
      { method: 'GET', path: '/health', handler: async () => 'ok' },
      // No statusCode: HTTP API sends the whole object as JSON, ignoring its headers and body fields.
      { method: 'GET', path: '/object', handler: async () => ({ headers: { 'x-a': '1' }, body: 'ok' }) },
      {
        method: 'GET',
        path: '/binary',
        handler: async () => ({
          statusCode: 201,
          headers: { 'content-type': 'text/xml', 'x-count': 3 },
          cookies: ['a=1; Path=/', 'b=2'],
          body: Buffer.from('<Response>é</Response>').toString('base64'),
          isBase64Encoded: true,
        }),
      },
      {
        method: 'POST',
        path: '/boom',
        handler: async () => {
          throw new Error('secret detail at /work/main/functions/sms/handler.ts:12');
        },
      },
      {
        method: 'GET',
        path: '/dev/outbox',
        dev: async (req) => ({
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ path: req.path, to: req.query.get('to'), host: req.headers.host ?? null }),
        }),
      },
    ],
    { maxBodyBytes: 1024, onError: (error) => errors.push(error) },
  );
  const port = await listen(server, 0);
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

describe('createLocalServer: events as API Gateway HTTP API builds them', () => {
  it('base64-encodes a form body and marks it isBase64Encoded', async () => {
    const form = 'Body=Hello+%26+bye&From=%2B447400123456';
    const { event } = await echoed(
      await fetch(`${base}/sms`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form,
      }),
    );
    expect(event.isBase64Encoded).toBe(true);
    expect(event.body).not.toBe(form);
    expect(Buffer.from(event.body ?? '', 'base64').toString('utf8')).toBe(form);
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('POST /sms');
    expect(event.requestContext.routeKey).toBe('POST /sms');
    expect(event.requestContext.stage).toBe('$default');
    expect(event.requestContext.http.method).toBe('POST');
    expect(event.requestContext.http.path).toBe('/sms');
    expect(event.pathParameters).toBeUndefined();
  });

  it('passes a JSON body through as text', async () => {
    const { event } = await echoed(
      await fetch(`${base}/sms`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: '{"a":1}',
      }),
    );
    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBe('{"a":1}');
  });

  it('leaves body undefined when there is none', async () => {
    const { event } = await echoed(await fetch(`${base}/sms`, { method: 'POST' }));
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
  });

  it('keeps rawQueryString exactly and comma-joins repeated parameters', async () => {
    const raw = 'b=2&a=x%20y&a=z&empty=';
    const { event } = await echoed(await fetch(`${base}/sms?${raw}`, { method: 'POST' }));
    expect(event.rawQueryString).toBe(raw);
    expect(event.rawPath).toBe('/sms');
    expect(event.queryStringParameters).toEqual({ b: '2', a: 'x y,z', empty: '' });
  });

  it('lower-cases header names, moves cookies out of headers and fills requestContext', async () => {
    const { event, functionName, remaining } = await echoed(
      await fetch(`${base}/sms`, {
        method: 'POST',
        headers: { 'X-Twilio-Signature': 'abc=', 'User-Agent': 'TwilioProxy/1.1', Cookie: 'a=1; b=2' },
      }),
    );
    expect(event.headers['x-twilio-signature']).toBe('abc=');
    expect(event.headers['X-Twilio-Signature']).toBeUndefined();
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.requestContext.http.userAgent).toBe('TwilioProxy/1.1');
    expect(event.requestContext.http.sourceIp).toBe('127.0.0.1');
    expect(event.requestContext.domainName).toBe('127.0.0.1');
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(5_000);
    expect(functionName).toBe('local-sms');
    expect(remaining).toBeGreaterThan(25_000);
    expect(remaining).toBeLessThanOrEqual(30_000);
  });

  it('routes a prefix pattern as {proxy+} with the rest of the path as proxy', async () => {
    const { event } = await echoed(await fetch(`${base}/voice/menu/2`, { method: 'POST' }));
    expect(event.routeKey).toBe('POST /voice/{proxy+}');
    expect(event.pathParameters).toEqual({ proxy: 'menu/2' });
    expect(event.rawPath).toBe('/voice/menu/2');

    const root = await echoed(await fetch(`${base}/voice`, { method: 'POST' }));
    expect(root.event.routeKey).toBe('POST /voice');
    expect(root.event.pathParameters).toBeUndefined();
  });
});

describe('createLocalServer: responses as API Gateway HTTP API sends them', () => {
  it.each([
    ['an unknown path', 'POST', '/nope'],
    ['a known path with the wrong method', 'GET', '/sms'],
    ['an empty proxy segment', 'POST', '/voice/'],
  ])('answers 404 with API Gateway body for %s', async (_, method, path) => {
    const response = await fetch(`${base}${path}`, { method });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ message: 'Not Found' });
  });

  it('answers 413 when the body exceeds maxBodyBytes, and accepts one at the limit', async () => {
    const tooBig = await fetch(`${base}/sms`, { method: 'POST', body: 'x'.repeat(1025) });
    expect(tooBig.status).toBe(413);
    const atLimit = await fetch(`${base}/sms`, { method: 'POST', body: 'x'.repeat(1024) });
    expect(atLimit.status).toBe(200);
  });

  it('turns a thrown error into API Gateway 500 without details and reports it to onError', async () => {
    errors.length = 0;
    const response = await fetch(`${base}/boom`, { method: 'POST' });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ message: 'Internal Server Error' });
    expect(text).not.toMatch(/secret|handler\.ts|at /);
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain('secret detail');
  });

  it('decodes a base64 result body and sends headers and cookies', async () => {
    const response = await fetch(`${base}/binary`);
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('text/xml');
    expect(response.headers.get('x-count')).toBe('3');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
    expect(await response.text()).toBe('<Response>é</Response>');
  });

  it('sends a string result as-is with 200 application/json', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('ok');
  });

  it('sends an object result without statusCode as its JSON', async () => {
    const response = await fetch(`${base}/object`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-a')).toBeNull();
    expect(await response.json()).toEqual({ headers: { 'x-a': '1' }, body: 'ok' });
  });

  it('serves dev routes with plain request data', async () => {
    const response = await fetch(`${base}/dev/outbox?to=%2B447400123456`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      path: '/dev/outbox',
      to: '+447400123456',
      host: new URL(base).host,
    });
  });
});
