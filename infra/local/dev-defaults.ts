/**
 * Defaults of the local runtime only. The dev auth token is public on purpose: it
 * signs requests to a line on your own machine and must never reach a deployment.
 */
export const DEV_AUTH_TOKEN = 'dev-auth-token-not-secret-0000000';
export const DEV_PORT = 3000;
export const DEV_TABLE_NAME = 'second-opinion-line';
/** The number Twilio would post as `To`: a fictional short code. */
export const DEV_LINE_NUMBER = '+15005550006';
export const DEV_ACCOUNT_SID = 'AC00000000000000000000000000000000';
