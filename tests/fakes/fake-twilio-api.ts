import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signTwilioRequest } from '../../infra/local/twilio-signing.js';

/**
 * A local stand-in for Twilio's Messages REST API that speaks its wire format: POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded To, From or
 * MessagingServiceSid, Body, StatusCallback, ValidityPeriod; HTTP Basic auth with the account
 * SID and auth token; 201 with the Message resource as JSON; errors as
 * `{ code, message, more_info, status }`. Faults can be injected: latency, a
 * messages-per-second limit answering 429 / 20429 above it, 500s, requests never answered,
 * and per-number refusals (21610 unsubscribed, 21211 invalid, 21614 not a mobile).
 */

export type Fault = '429' | '500' | 'timeout';

export type FakeTwilioOptions = {
  accountSid?: string;
  authToken?: string;
  /** Milliseconds before each answer (Twilio's own is ~100-300 ms). */
  latencyMs?: number;
  /** Messages per second accepted; more are answered 429 / 20429. Unlimited when unset. */
  mps?: number;
  /** Requests the limit lets through at once (token bucket size); default a tenth of a second's worth. */
  burst?: number;
  /** Decides a fault for each request that passed auth and the rate limit. */
  fault?: (request: ReceivedRequest) => Fault | undefined;
  /** Numbers Twilio refuses for good, with the error code. */
  refuse?: Record<string, number>;
};

/** A request as received (every attempt, whatever its answer). */
export type ReceivedRequest = {
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body: string;
  statusCallback?: string;
  validityPeriod?: string;
  at: number;
};

/** A message the fake accepted (answered 201). */
export type AcceptedMessage = ReceivedRequest & { sid: string };

/** What GET /__fake/stats answers: enough to count duplicates, misses and the sending rate. */
export type FakeTwilioStats = {
  answers: Record<string, number>;
  accepted: { to: string; at: number }[];
  requests: number;
};

export const STATS_PATH = '/__fake/stats';

export type FakeTwilio = {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** Messages answered 201, in order. */
  accepted: AcceptedMessage[];
  /** Every well-formed, authenticated request, in order. */
  requests: ReceivedRequest[];
  /** Answers given, by kind: 201, 429, 500, timeout, 21610, ... */
  answers: Record<string, number>;
  options: FakeTwilioOptions;
  /**
   * Posts Twilio's status callback for an accepted message, signed for its StatusCallback
   * URL; `deliverTo` sends it elsewhere (a local server behind that public URL).
   */
  postStatus(
    message: AcceptedMessage,
    status: string,
    options?: { errorCode?: number; deliverTo?: string },
  ): Promise<number>;
  close(): Promise<void>;
};

const ERROR_TEXT: Record<number, string> = {
  20003: 'Authenticate',
  20429: 'Too Many Requests',
  20500: 'Internal Server Error',
  21211: "The 'To' number is not a valid phone number.",
  21602: 'Message body is required.',
  21604: "A 'To' phone number is required.",
  21606: "The 'From' phone number provided is not a valid message-capable Twilio phone number.",
  21610: 'Attempt to send to unsubscribed recipient',
  21614: "'To' number is not a valid mobile number",
};

function errorBody(code: number, status: number): string {
  return JSON.stringify({
    code,
    message: ERROR_TEXT[code] ?? 'Error',
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
  });
}

const rfc2822 = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');

export async function startFakeTwilio(options: FakeTwilioOptions = {}): Promise<FakeTwilio> {
  const accountSid = options.accountSid ?? `AC${'0'.repeat(31)}1`;
  const authToken = options.authToken ?? 'fake-twilio-auth-token-0001';
  const accepted: AcceptedMessage[] = [];
  const requests: ReceivedRequest[] = [];
  const answers: Record<string, number> = {};
  const hanging = new Set<http.ServerResponse>();
  const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
  let tokens = Number.NaN;
  let refilledAt = performance.now();

  const takeToken = (): boolean => {
    const mps = options.mps;
    if (mps === undefined) return true;
    const capacity = options.burst ?? Math.max(1, mps / 10);
    const now = performance.now();
    tokens = Number.isNaN(tokens) ? capacity : Math.min(capacity, tokens + ((now - refilledAt) * mps) / 1000);
    refilledAt = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };

  const stats = (): FakeTwilioStats => ({
    answers,
    accepted: accepted.map(({ to, at }) => ({ to, at })),
    requests: requests.length,
  });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const arrived = performance.now();
      const answer = (status: number, body: string, kind: string) => {
        answers[kind] = (answers[kind] ?? 0) + 1;
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(body);
        };
        const latency = options.latencyMs ?? 0;
        if (latency > 0) setTimeout(send, latency);
        else send();
      };

      // Not Twilio's: lets a test or bench running the fake in another process read what it saw.
      if (req.method === 'GET' && req.url === STATS_PATH) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(stats()));
        return;
      }
      if (req.method !== 'POST' || req.url !== path) return answer(404, errorBody(20404, 404), '404');
      const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return answer(401, errorBody(20003, 401), '401');

      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const to = form.get('To');
      const body = form.get('Body');
      if (!to) return answer(400, errorBody(21604, 400), '21604');
      if (!body) return answer(400, errorBody(21602, 400), '21602');
      const from = form.get('From') ?? undefined;
      const messagingServiceSid = form.get('MessagingServiceSid') ?? undefined;
      if (from === undefined && messagingServiceSid === undefined)
        return answer(400, errorBody(21606, 400), '21606');
      const request: ReceivedRequest = {
        to,
        body,
        at: arrived,
        ...(from ? { from } : {}),
        ...(messagingServiceSid ? { messagingServiceSid } : {}),
        ...(form.get('StatusCallback') ? { statusCallback: form.get('StatusCallback') ?? '' } : {}),
        ...(form.get('ValidityPeriod') ? { validityPeriod: form.get('ValidityPeriod') ?? '' } : {}),
      };
      requests.push(request);

      if (!takeToken()) return answer(429, errorBody(20429, 429), '429');
      const fault = options.fault?.(request);
      if (fault === '429') return answer(429, errorBody(20429, 429), '429');
      if (fault === '500') return answer(500, errorBody(20500, 500), '500');
      if (fault === 'timeout') {
        answers.timeout = (answers.timeout ?? 0) + 1;
        hanging.add(res);
        return;
      }
      const refusal = options.refuse?.[to];
      if (refusal !== undefined) return answer(400, errorBody(refusal, 400), String(refusal));

      const sid = `SM${randomBytes(16).toString('hex')}`;
      accepted.push({ ...request, sid });
      const created = rfc2822(Date.now());
      answer(
        201,
        JSON.stringify({
          account_sid: accountSid,
          api_version: '2010-04-01',
          body,
          date_created: created,
          date_sent: null,
          date_updated: created,
          direction: 'outbound-api',
          error_code: null,
          error_message: null,
          from: from ?? null,
          messaging_service_sid: messagingServiceSid ?? null,
          num_media: '0',
          num_segments: '1',
          price: null,
          price_unit: 'USD',
          sid,
          status: 'queued',
          subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
          to,
          uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
        }),
        '201',
      );
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    accepted,
    requests,
    answers,
    options,
    async postStatus(message, status, { errorCode, deliverTo } = {}) {
      if (message.statusCallback === undefined)
        throw new Error(`message ${message.sid} has no StatusCallback`);
      const params: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        From: message.from ?? '',
        MessageSid: message.sid,
        MessageStatus: status,
        SmsSid: message.sid,
        SmsStatus: status,
        To: message.to,
        ...(errorCode === undefined ? {} : { ErrorCode: String(errorCode) }),
      };
      const response = await fetch(deliverTo ?? message.statusCallback, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': signTwilioRequest(authToken, message.statusCallback, params),
        },
        body: new URLSearchParams(params),
      });
      await response.text();
      return response.status;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
