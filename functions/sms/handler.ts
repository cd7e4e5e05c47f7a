import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { loadDateParsers } from '../adapters/date-parsers.js';
import { formBody } from '../adapters/http/form-body.js';
import { twimlOnError } from '../adapters/http/twiml-on-error.js';
import { type WebhookEvent, xmlResult } from '../adapters/http/webhook-event.js';
import type { Logger } from '../adapters/logging.js';
import { loadTopicSearch } from '../adapters/topic-search-loader.js';
import { messagingTwiml } from '../adapters/twilio/twiml.js';
import { verifyTwilioSignature } from '../adapters/twilio/verify-signature.js';
import { languageContent } from '../core/sms-render.js';
import { countAll, type Metrics, noMetrics, type TextFacts, textMetrics } from '../core/usage-metrics.js';
import { parseInboundSms } from './inbound-sms.js';
import { type ReceiveOrDeferDeps, receiveOrDefer } from './receive-or-defer.js';
import type { ReceiveSmsDeps } from './receive-sms.js';

export type SmsHandlerDeps = Omit<ReceiveOrDeferDeps, 'loadDates' | 'loadSearch' | 'intake'> & {
  /** The durable intake for texts the store cannot take now; see receive-or-defer.ts. */
  intake?: ReceiveOrDeferDeps['intake'];
  /** Defaults to chrono-node loaded on first need (adapters/date-parsers.ts). */
  loadDates?: ReceiveSmsDeps['loadDates'];
  /** Defaults to the topic search loaded on first need (adapters/topic-search-loader.ts). */
  loadSearch?: ReceiveSmsDeps['loadSearch'];
  logger: Logger;
  /** Usage counts (EMF when deployed, memory locally); none by default. */
  metrics?: Metrics;
  publicUrl: string;
  authToken: () => Promise<string>;
};

/**
 * POST /sms: Twilio's inbound-message webhook. Signature first (403 and nothing touched
 * when it fails), then parse, converse, persist, and answer with TwiML; when the store
 * cannot, queue the text and answer from content (receive-or-defer.ts).
 */
export function makeSmsHandler(handlerDeps: SmsHandlerDeps) {
  const deps = {
    ...handlerDeps,
    intake: handlerDeps.intake,
    loadDates: handlerDeps.loadDates ?? loadDateParsers,
    loadSearch: handlerDeps.loadSearch ?? loadTopicSearch,
  };
  const apology = messagingTwiml([languageContent(deps.content, 'en').sms.apology]);
  return middy<WebhookEvent, APIGatewayProxyResultV2>()
    .use(formBody())
    .use(verifyTwilioSignature({ publicUrl: deps.publicUrl, authToken: deps.authToken, logger: deps.logger }))
    .use(twimlOnError({ logger: deps.logger, fallbackTwiml: () => apology }))
    .handler(async (event) => {
      const sms = parseInboundSms(event.form);
      const request = { from: sms.From, body: sms.Body, messageSid: sms.MessageSid };
      // What the text was understood as (layer, topic, band; never the body), so the share of
      // texts the line could not place ("layer":"fallback") can be read from the logs.
      let facts: TextFacts | undefined;
      const replies = await receiveOrDefer(deps, request, (seen) => {
        facts = seen;
      });
      const understood = facts?.understood;
      deps.logger.info('sms answered', { messageSid: sms.MessageSid, replies: replies.length, understood });
      if (facts !== undefined) countAll(deps.metrics ?? noMetrics, textMetrics(facts));
      return xmlResult(messagingTwiml(replies));
    });
}
