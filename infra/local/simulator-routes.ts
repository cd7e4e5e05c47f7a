import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import { z } from 'zod';
import { callParams, describeTwiml, newCallSid, parseVoiceTwiml, type TwimlNode } from './call-simulator.js';
import {
  createLocalServer,
  type LocalRequest,
  type LocalResponse,
  type LocalRoute,
  listen,
} from './http-adapter.js';
import { parseTwimlMessages, postSignedForm, smsParams } from './twilio-signing.js';

/**
 * The phone simulator (dev only): the page at `/`, its assets, and `POST /dev/relay`, which
 * signs what the page's "phone" sends exactly as Twilio would and posts it to the line's own
 * webhook routes, so everything the page shows went through the deployed handlers.
 */
export type SimulatorOptions = {
  /** The URL the handlers check signatures against (PUBLIC_URL). */
  publicUrl: string;
  authToken: string;
  /** The run's dev token: put in the page so its requests to /dev/* can carry it. */
  devToken: string;
  /** The line's number: `To` of texts and calls, as Twilio would post it. */
  lineNumber: string;
  /** The app's routes; the relay serves the webhook ones on a private loopback port. */
  routes: () => LocalRoute[];
};

const ASSET_DIR = new URL('./simulator/', import.meta.url);

/** Files the page needs, by URL path: nothing else under the folder is served. */
const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'page.html', type: 'text/html; charset=utf-8' },
  '/simulator/simulator.css': { file: 'simulator.css', type: 'text/css; charset=utf-8' },
  '/simulator/simulator.js': { file: 'simulator.js', type: 'text/javascript; charset=utf-8' },
  '/simulator/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

/** Everything is served from here; no inline script or style, nothing from elsewhere. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Only Twilio's webhook routes can be relayed to: never the dev routes, never another host. */
const WEBHOOK_PATH = /^\/(sms|sms\/status|voice|voice\/[A-Za-z0-9/_-]+)(\?[^#]*)?$/;

/** What the page asks to relay: a webhook path (or an absolute action URL on PUBLIC_URL) and its params. */
export const RelayRequestSchema = z
  .object({
    path: z.string().min(1).max(2000).optional(),
    url: z.string().min(1).max(2000).optional(),
    params: z.record(z.string(), z.string().max(2000)).default({}),
  })
  .refine((request) => (request.path === undefined) !== (request.url === undefined), {
    message: 'give either path or url',
  });
export type RelayRequest = z.infer<typeof RelayRequestSchema>;

/** The relay's answer: what was posted (URL signed, params) and what the handler said. */
export type RelayResponse = {
  request: { url: string; params: Record<string, string> };
  status: number;
  contentType: string;
  body: string;
  /** For `/sms`: the texts of the TwiML `<Message>`s. */
  messages?: string[];
  /** For `/voice…`: the TwiML as a tree, and what the caller hears, line by line. */
  twiml?: TwimlNode;
  heard?: string[];
};

export class RelayRequestError extends Error {
  override name = 'RelayRequestError';
}

/** The simulator's routes, to add to the local app's. */
export function simulatorRoutes(options: SimulatorOptions): LocalRoute[] {
  const relay = makeRelay(options);
  const assets = Object.keys(ASSETS).map(
    (path): LocalRoute => ({ method: 'GET', path, dev: () => serveAsset(path, options.devToken) }),
  );
  return [...assets, { method: 'POST', path: '/dev/relay', dev: relay }];
}

async function serveAsset(path: string, devToken: string): Promise<LocalResponse> {
  const asset = ASSETS[path];
  if (asset === undefined) return { status: 404, body: 'Not Found' };
  // Read on every request: edit the page, reload the browser.
  const file = await readFile(new URL(asset.file, ASSET_DIR), 'utf8');
  // The page learns the dev token from the server. Another site cannot read this page (no
  // CORS, and a rebinding name fails the Host check), so the token stays with the developer.
  const body = path === '/' ? file.replace('{{DEV_TOKEN}}', devToken) : file;
  return {
    status: 200,
    headers: {
      'Content-Type': asset.type,
      'Cache-Control': 'no-store',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    },
    body,
  };
}

/**
 * Builds the relay. The webhook routes are served to it by a second, private instance of the
 * local HTTP adapter on a loopback port, started on first use: the relay needs no idea of the
 * main server's port (0 in tests, or hidden behind a proxy), and the handlers still get the
 * exact API Gateway events the main server would build.
 */
export function makeRelay(options: SimulatorOptions): (req: LocalRequest) => Promise<LocalResponse> {
  let loopback: Promise<string> | undefined;
  const baseUrl = () => {
    loopback ??= startLoopback(options.routes());
    return loopback;
  };

  return async (req) => {
    // Another site's page could post a form here from the developer's browser; only this page may.
    if (isCrossOrigin(req)) {
      return json(403, { message: 'the relay only answers the simulator page on this server' });
    }
    let request: RelayRequest;
    try {
      request = parseRelayBody(req);
    } catch (error) {
      const message = error instanceof z.ZodError ? z.prettifyError(error) : String(error);
      return json(400, { message: error instanceof RelayRequestError ? error.message : message });
    }
    try {
      return json(200, await relay(request, options, await baseUrl()));
    } catch (error) {
      if (error instanceof RelayRequestError) return json(400, { message: error.message });
      throw error;
    }
  };
}

/**
 * A request another origin's page made: Sec-Fetch-Site says so (cross-site or same-site but
 * another origin), or the Origin header names another host than the one asked.
 */
export function isCrossOrigin(req: LocalRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  if (!URL.canParse(origin)) return true;
  return new URL(origin).host.toLowerCase() !== (req.headers.host ?? '').toLowerCase();
}

/** JSON `{ path | url, params }`, or a form whose `path` (or `url`) field says where and the rest are params. */
export function parseRelayBody(req: LocalRequest): RelayRequest {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    const params: Record<string, string> = {};
    let path: string | undefined;
    let url: string | undefined;
    for (const [name, value] of new URLSearchParams(req.body)) {
      if (name === 'path') path = value;
      else if (name === 'url') url = value;
      else params[name] = value;
    }
    return RelayRequestSchema.parse({ path, url, params });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body);
  } catch {
    throw new RelayRequestError('send JSON { path, params } or a urlencoded form');
  }
  return RelayRequestSchema.parse(parsed);
}

/**
 * Completes the parameters Twilio always posts (MessageSid, AccountSid, To, CallSid, …) from the
 * page's few, signs them against PUBLIC_URL + path + query, and posts them to the handler.
 */
export async function relay(
  request: RelayRequest,
  options: SimulatorOptions,
  baseUrl: string,
): Promise<RelayResponse> {
  const path = webhookPath(request, options.publicUrl);
  const params = completeParams(path, request.params, options.lineNumber);
  const signatureUrl = `${options.publicUrl}${path}`;
  const response = await postSignedForm(`${baseUrl}${path}`, params, options.authToken, { signatureUrl });
  const answer: RelayResponse = { request: { url: signatureUrl, params }, ...response };
  if (response.status !== 200 || !response.contentType.includes('xml')) return answer;
  if (path === '/sms') return { ...answer, messages: parseTwimlMessages(response.body) };
  if (path.startsWith('/voice')) {
    const twiml = parseVoiceTwiml(response.body);
    return { ...answer, twiml, heard: describeTwiml(twiml) };
  }
  return answer;
}

function webhookPath(request: RelayRequest, publicUrl: string): string {
  let path = request.path;
  if (request.url !== undefined) {
    if (!request.url.startsWith(`${publicUrl}/`)) {
      throw new RelayRequestError(`not a URL of this line (${publicUrl}): ${request.url}`);
    }
    path = request.url.slice(publicUrl.length);
  }
  if (path === undefined || !WEBHOOK_PATH.test(path)) {
    throw new RelayRequestError(`only /sms, /sms/status, /voice and /voice/… can be relayed, not ${path}`);
  }
  return path;
}

function completeParams(path: string, given: Record<string, string>, lineNumber: string) {
  const route = path.split('?')[0] ?? path;
  const from = given.From;
  if (route === '/sms') {
    if (from === undefined) throw new RelayRequestError('an inbound text needs From');
    return {
      ...smsParams({
        from,
        to: given.To ?? lineNumber,
        body: given.Body ?? '',
        messageSid: given.MessageSid,
      }),
      ...given,
    };
  }
  if (route === '/voice' || route.startsWith('/voice/')) {
    if (from === undefined) throw new RelayRequestError('a call needs From');
    const status = route === '/voice' ? 'ringing' : 'in-progress';
    return { ...callParams(given.CallSid ?? newCallSid(), from, given.To ?? lineNumber, status), ...given };
  }
  return given;
}

async function startLoopback(routes: LocalRoute[]): Promise<string> {
  const webhooks = routes.filter((route) => 'handler' in route);
  const server: http.Server = createLocalServer(webhooks, {
    onError: (error) => console.error('handler failed:', error instanceof Error ? error.message : error),
  });
  // Never what keeps the process alive: it lives exactly as long as the app.
  server.unref();
  const port = await listen(server, 0, '127.0.0.1');
  return `http://127.0.0.1:${port}`;
}

function json(status: number, value: unknown): LocalResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    body: JSON.stringify(value),
  };
}
