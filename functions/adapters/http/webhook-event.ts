import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** Form parameters by name, in an object without a prototype (see `parseForm`). */
export type FormParameters = Record<string, string | string[]>;

/** An HTTP API event after the form-body middleware has parsed Twilio's parameters. */
export type WebhookEvent = APIGatewayProxyEventV2 & {
  /** Form parameters exactly as received (a name sent twice keeps every value); set by `formBody()`. */
  form?: FormParameters;
};

export type HttpResult = { statusCode: number; headers: Record<string, string>; body: string };

export const textResult = (statusCode: number, body: string): HttpResult => ({
  statusCode,
  headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  body,
});

export const xmlResult = (body: string): HttpResult => ({
  statusCode: 200,
  headers: { 'Content-Type': 'text/xml' },
  body,
});
