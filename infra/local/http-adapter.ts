import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';

/** A Lambda handler behind an API Gateway HTTP API route (payload format 2.0). */
export type LambdaHttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

/** What a local-only (`dev`) route receives: the request as plain data, body decoded as UTF-8. */
export type LocalRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
};

/** What a local-only (`dev`) route answers. */
export type LocalResponse = {
  status: number;
  headers?: Record<string, string>;
  body: string;
};

/**
 * A route of the local server. `path` is exact (`/sms`) or a prefix pattern ending in `/*`
 * (`/voice/*`), which matches `/voice/menu` but not `/voice` itself, like `{proxy+}` in API Gateway.
 * `handler` routes run a Lambda handler exactly as deployed; `dev` routes are local-only endpoints.
 */
export type LocalRoute =
  | { method: 'GET' | 'POST'; path: string; handler: LambdaHttpHandler }
  | { method: 'GET' | 'POST'; path: string; dev: (req: LocalRequest) => Promise<LocalResponse> };

/** Options of {@link createLocalServer}. */
export type LocalServerOptions = {
  /** Larger request bodies get 413, as API Gateway refuses payloads over its limit. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Called with whatever a handler threw; the client only ever sees API Gateway's generic 500. */
  onError?: (error: unknown) => void;
  /**
   * Whether a request's Host header may reach `route` on the port it came in on; refused with
   * 421 otherwise. Guards against DNS rebinding: a page on evil.example whose name resolves
   * to 127.0.0.1 still sends `Host: evil.example`. Default: every Host.
   */
  allowHost?: (host: string | undefined, localPort: number | undefined, route: LocalRoute) => boolean;
};

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** API Gateway's integration timeout; the fake context counts down from it. */
const LAMBDA_TIME_BUDGET_MS = 30_000;

type CompiledRoute = {
  route: LocalRoute;
  /** For prefix routes, the path up to and including the final slash. */
  prefix: string | null;
  routeKey: string;
  functionName: string;
};

type Matched = { compiled: CompiledRoute; proxy: string | null };

type Reply = { status: number; headers: Record<string, string | string[]>; body: Buffer };

/**
 * An HTTP server that serves the given routes the way API Gateway HTTP API serves Lambda
 * integrations, so handlers are tested against the same events and response rules as in AWS.
 */
export function createLocalServer(routes: LocalRoute[], options: LocalServerOptions = {}): http.Server {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const onError = options.onError ?? (() => undefined);
  const allowHost = options.allowHost ?? (() => true);
  const compiled = compileRoutes(routes);

  return http.createServer((req, res) => {
    void respond(req, res, compiled, { maxBodyBytes, onError, allowHost });
  });
}

type ServeOptions = Required<Pick<LocalServerOptions, 'maxBodyBytes' | 'onError' | 'allowHost'>>;

async function respond(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  routes: CompiledRoute[],
  options: ServeOptions,
): Promise<void> {
  const { onError } = options;
  let reply: Reply;
  try {
    reply = await serve(req, routes, options);
  } catch (error) {
    onError(error);
    reply = apiGatewayError(500, 'Internal Server Error');
  }
  try {
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(reply.body.length) });
    res.end(reply.body);
  } catch (error) {
    // Invalid headers from a dev route, or the client went away: nothing useful left to send.
    onError(error);
    res.destroy();
  }
}

/** Starts listening and resolves with the bound port (useful with port 0, which picks a free one). */
export async function listen(server: http.Server, port: number, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error(`Server is not listening on a TCP port (address: ${String(address)})`);
  }
  return address.port;
}

function compileRoutes(routes: LocalRoute[]): CompiledRoute[] {
  const seen = new Set<string>();
  const compiled = routes.map((route): CompiledRoute => {
    if (!route.path.startsWith('/')) throw new Error(`Route path must start with '/': ${route.path}`);
    const isPrefix = route.path.endsWith('/*');
    const base = isPrefix ? route.path.slice(0, -2) : route.path;
    if (base.includes('*'))
      throw new Error(`Only a trailing '/*' is supported in route paths: ${route.path}`);
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`Duplicate route: ${key}`);
    seen.add(key);
    const slug = base.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'root';
    return {
      route,
      prefix: isPrefix ? `${base}/` : null,
      routeKey: isPrefix ? `${route.method} ${base}/{proxy+}` : key,
      functionName: `local-${slug}${isPrefix ? '-proxy' : ''}`,
    };
  });
  // Exact routes win over prefixes and longer prefixes over shorter ones, as in API Gateway.
  return compiled.sort((a, b) => rank(b) - rank(a));
}

function rank(route: CompiledRoute): number {
  return route.prefix === null ? Number.MAX_SAFE_INTEGER : route.prefix.length;
}

function matchRoute(routes: CompiledRoute[], method: string, path: string): Matched | null {
  for (const compiled of routes) {
    if (compiled.route.method !== method) continue;
    if (compiled.prefix === null) {
      if (compiled.route.path === path) return { compiled, proxy: null };
    } else if (path.startsWith(compiled.prefix) && path.length > compiled.prefix.length) {
      return { compiled, proxy: path.slice(compiled.prefix.length) };
    }
  }
  return null;
}

async function serve(
  req: http.IncomingMessage,
  routes: CompiledRoute[],
  options: ServeOptions,
): Promise<Reply> {
  const { maxBodyBytes, onError } = options;
  const receivedAt = new Date();
  const rawUrl = req.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  const rawPath = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const rawQueryString = queryStart === -1 ? '' : rawUrl.slice(queryStart + 1);

  const body = await readBody(req, maxBodyBytes);
  // HTTP API answers 404 for a known path with another method too: routes are method + path.
  const matched = matchRoute(routes, req.method ?? 'GET', rawPath);
  if (matched === null) return apiGatewayError(404, 'Not Found');
  if (body === 'too-large') return apiGatewayError(413, 'Request Entity Too Large');

  const { route } = matched.compiled;
  if (!options.allowHost(req.headers.host, req.socket.localPort, route)) {
    return apiGatewayError(421, 'Misdirected Request: this server answers only its loopback address');
  }
  try {
    if ('dev' in route) {
      const response = await route.dev({
        method: route.method,
        path: rawPath,
        query: new URLSearchParams(rawQueryString),
        headers: joinHeaders(req),
        body: body?.toString('utf8') ?? '',
      });
      const headers = Object.fromEntries(
        Object.entries(response.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
      );
      return { status: response.status, headers, body: Buffer.from(response.body) };
    }
    const event = toEvent(req, matched, { rawPath, rawQueryString, body, receivedAt });
    const context = fakeContext(matched.compiled.functionName, receivedAt);
    const result: unknown = await route.handler(event, context);
    return fromResult(result);
  } catch (error) {
    onError(error);
    return apiGatewayError(500, 'Internal Server Error');
  }
}

/**
 * Reads the whole body, or reports it too large. Oversized bodies are still drained so the
 * client finishes sending and can read the 413 instead of seeing a reset connection.
 */
function readBody(req: http.IncomingMessage, maxBodyBytes: number): Promise<Buffer | null | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > maxBodyBytes) resolve('too-large');
      else resolve(size === 0 ? null : Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

type RequestParts = { rawPath: string; rawQueryString: string; body: Buffer | null; receivedAt: Date };

function toEvent(req: http.IncomingMessage, matched: Matched, parts: RequestParts): APIGatewayProxyEventV2 {
  const { rawPath, rawQueryString, body, receivedAt } = parts;
  const headers = joinHeaders(req);
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const cookieHeader = headers.cookie;
  // Format 2.0 moves cookies out of the headers into their own array.
  delete headers.cookie;
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${sourceIp}`
    : sourceIp;
  headers['x-forwarded-port'] ??= String(req.socket.localPort ?? '');
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-amzn-trace-id'] =
    `Root=1-${Math.floor(receivedAt.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

  const domainName = (headers.host ?? 'localhost').replace(/:\d+$/, '');
  const routeKey = matched.compiled.routeKey;
  const isText = isTextContentType(headers['content-type']);
  const cookies = cookieHeader
    ?.split(';')
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie !== '');
  const queryStringParameters = parseQuery(rawQueryString);

  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: req.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: formatRequestTime(receivedAt),
      timeEpoch: receivedAt.getTime(),
    },
    ...(matched.proxy === null ? {} : { pathParameters: { proxy: safeDecode(matched.proxy) } }),
    ...(body === null
      ? { isBase64Encoded: false }
      : isText
        ? { body: body.toString('utf8'), isBase64Encoded: false }
        : { body: body.toString('base64'), isBase64Encoded: true }),
  };
}

/** Lower-cased names (Node already lower-cases them); repeated headers joined with commas like API Gateway. */
function joinHeaders(req: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values !== undefined) headers[name] = values.join(name === 'cookie' ? '; ' : ',');
  }
  return headers;
}

function parseQuery(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    const previous = parameters[name];
    parameters[name] = previous === undefined ? value : `${previous},${value}`;
  }
  return parameters;
}

/**
 * HTTP API passes JSON and text bodies through and base64-encodes everything else, including
 * `application/x-www-form-urlencoded`, which is what Twilio posts. Handlers must decode it.
 */
function isTextContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return (
    mediaType.startsWith('text/') ||
    mediaType === 'application/json' ||
    mediaType.endsWith('+json') ||
    mediaType === 'application/xml' ||
    mediaType.endsWith('+xml') ||
    mediaType === 'application/javascript'
  );
}

function fakeContext(functionName: string, startedAt: Date): Context {
  const deadline = startedAt.getTime() + LAMBDA_TIME_BUDGET_MS;
  const day = startedAt.toISOString().slice(0, 10).replaceAll('-', '/');
  const ignore = () => undefined;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: ignore,
    fail: ignore,
    succeed: ignore,
  };
}

/**
 * HTTP API's rules for format 2.0 results: with `statusCode` the object describes the response;
 * without it, the value itself is the JSON body of a 200 (a string is used as the body as-is).
 */
function fromResult(result: unknown): Reply {
  if (typeof result === 'string') {
    return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(result) };
  }
  if (!isRecord(result) || result.statusCode === undefined) {
    const json = JSON.stringify(result) ?? 'null';
    return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(json) };
  }
  const { statusCode, headers, cookies, body, isBase64Encoded } = result;
  if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    throw new Error(`Handler returned an invalid statusCode: ${String(statusCode)}`);
  }
  const replyHeaders: Record<string, string | string[]> = {};
  if (isRecord(headers)) {
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        replyHeaders[name.toLowerCase()] = String(value);
      }
    }
  }
  if (Array.isArray(cookies) && cookies.length > 0) {
    replyHeaders['set-cookie'] = cookies.filter((cookie): cookie is string => typeof cookie === 'string');
  }
  const text = typeof body === 'string' ? body : '';
  return {
    status: statusCode,
    headers: replyHeaders,
    body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** API Gateway's own error shape, which clients (and Twilio's debugger) see when the integration fails. */
function apiGatewayError(status: number, message: string): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ message })),
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the CLF-style time API Gateway puts in `requestContext.time`. */
function formatRequestTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}
