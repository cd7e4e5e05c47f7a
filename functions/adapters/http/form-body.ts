import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { BadRequestError } from './errors.js';
import type { FormParameters, WebhookEvent } from './webhook-event.js';

/** Twilio posts small forms; anything far bigger is not Twilio. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Parameter names that mean something to JavaScript objects. Twilio never sends them; a
 * request that does is refused before anything reads its parameters.
 */
export const RESERVED_PARAMETER_NAMES: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

/**
 * Decodes the body (HTTP API sends forms base64-encoded) and parses it as
 * application/x-www-form-urlencoded, keeping every value so the signature is computed
 * over the parameters exactly as Twilio sent them.
 *
 * The result has no prototype: a parameter named `toString` or `hasOwnProperty` is an
 * ordinary own entry, so every lookup by name sees only what was sent.
 */
export function parseForm(body: string | undefined, isBase64Encoded: boolean): FormParameters {
  const raw = body === undefined ? '' : isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw new BadRequestError('request body is too large');
  const form: FormParameters = Object.create(null);
  for (const [name, value] of new URLSearchParams(raw)) {
    if (RESERVED_PARAMETER_NAMES.has(name)) {
      throw new BadRequestError(`parameter name not allowed: ${name}`);
    }
    const existing = form[name];
    form[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return form;
}

export function formBody(): MiddlewareObj<WebhookEvent, APIGatewayProxyResultV2> {
  return {
    before: (request) => {
      const { event } = request;
      const contentType = event.headers?.['content-type'] ?? '';
      if (
        event.body !== undefined &&
        !contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')
      ) {
        throw new BadRequestError('expected an application/x-www-form-urlencoded body');
      }
      event.form = parseForm(event.body, event.isBase64Encoded);
    },
  };
}
