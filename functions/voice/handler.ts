import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { formBody } from '../adapters/http/form-body.js';
import { twimlOnError } from '../adapters/http/twiml-on-error.js';
import { type WebhookEvent, xmlResult } from '../adapters/http/webhook-event.js';
import { verifyTwilioSignature } from '../adapters/twilio/verify-signature.js';
import { apologyTwiml, renderCallTwiml } from '../adapters/twilio/voice-twiml.js';
import type { CallState } from '../core/call-menu.js';
import { languageContent } from '../core/sms-render.js';
import { type CallStepDeps, takeCallStep } from './take-call-step.js';
import { callStatePath, parseCallState, parseVoiceWebhook } from './voice-request.js';

export type VoiceHandlerDeps = CallStepDeps & {
  publicUrl: string;
  authToken: () => Promise<string>;
};

/**
 * POST /voice and POST /voice/<step>: Twilio's voice webhooks. Signature first (403 and
 * nothing touched when it fails), then parse the parameters and the call state in the URL,
 * take the step, and answer with TwiML whose action URLs carry the next state.
 */
export function makeVoiceHandler(deps: VoiceHandlerDeps) {
  const prompts = languageContent(deps.content, 'en').voice;
  const apology = apologyTwiml([
    {
      kind: 'say',
      text: prompts.apology,
      speaker: prompts.speakers[deps.settings.defaultRegion],
      rate: prompts.rate,
    },
  ]);
  const actionUrl = (state: CallState) => `${deps.publicUrl}${callStatePath(state)}`;

  return middy<WebhookEvent, APIGatewayProxyResultV2>()
    .use(formBody())
    .use(verifyTwilioSignature({ publicUrl: deps.publicUrl, authToken: deps.authToken, logger: deps.logger }))
    .use(twimlOnError({ logger: deps.logger, fallbackTwiml: () => apology }))
    .handler(async (event) => {
      const webhook = parseVoiceWebhook(event.form);
      const state = parseCallState(event.rawPath, event.rawQueryString);
      const plan = await takeCallStep(deps, webhook, state);
      deps.logger.info('call step answered', {
        callSid: webhook.CallSid,
        step: state?.step ?? 'answer',
        next: plan.ending.kind,
      });
      return xmlResult(renderCallTwiml(plan, actionUrl));
    });
}
