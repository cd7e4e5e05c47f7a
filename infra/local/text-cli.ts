import { pathToFileURL } from 'node:url';
import { E164Schema } from '../../functions/sms/inbound-sms.js';
import * as v from '../../functions/validation.js';
import { readCliEnv } from './cli-env.js';
import { parseTwimlMessages, postSignedForm, smsParams } from './twilio-signing.js';

const USAGE = `Usage: npm run text -- <phone number> <message>
  Sends <message> to the local line as if texted from <phone number>, signed like Twilio.
  <phone number> is E.164: '+', then 7 to 15 digits, the first not 0, e.g. +447400123456.
Example: npm run text -- +447400123456 START
Env: PORT, PUBLIC_URL (default http://localhost:$PORT), TWILIO_AUTH_TOKEN, LINE_NUMBER.`;

/** Where the CLI writes; injectable so the CLI can be driven from tests. */
export type CliOutput = { log: (line: string) => void; error: (line: string) => void };

/**
 * Texts the local line once and prints its replies. Resolves with the process exit code:
 * 0 on a 200, 1 when the line is down or answers otherwise, 2 on bad arguments or settings.
 */
export async function runTextCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  out: CliOutput = { log: console.log, error: console.error },
): Promise<number> {
  const [from, ...words] = args;
  const text = words.join(' ');
  const isE164 = v.is(E164Schema, from);
  if (!isE164 || text.trim() === '') {
    if (from !== undefined && !isE164) out.error(`Not an E.164 phone number: ${from}\n`);
    else out.error('Missing the phone number or the message.\n');
    out.error(USAGE);
    return 2;
  }

  const read = readCliEnv(env);
  if ('problem' in read) {
    out.error(read.problem);
    return 2;
  }
  const { publicUrl, authToken, lineNumber, devToken } = read.settings;
  const url = `${publicUrl}/sms`;
  const params = smsParams({ from, to: lineNumber, body: text });

  out.log(`>> ${text}`);
  let response: Awaited<ReturnType<typeof postSignedForm>>;
  try {
    response = await postSignedForm(url, params, authToken, devToken === undefined ? {} : { devToken });
  } catch (error) {
    if (isConnectionRefused(error)) {
      out.error(`Nothing answers at ${url}. Is the line running? Start it with \`npm start\`.`);
    } else {
      out.error(`Request to ${url} failed: ${describe(error)}`);
    }
    return 1;
  }

  if (response.status !== 200) {
    out.error(`The line answered ${response.status} (${response.contentType || 'no content type'}):`);
    out.error(response.body);
    return 1;
  }
  let replies: string[];
  try {
    replies = response.body.trim() === '' ? [] : parseTwimlMessages(response.body);
  } catch (error) {
    out.error(`The line answered 200 but not with TwiML (${describe(error)}):`);
    out.error(response.body);
    return 1;
  }
  if (replies.length === 0) out.log('(no reply)');
  // Continuation lines are indented so a multi-line SMS still reads as one message.
  for (const reply of replies) out.log(`<< ${reply.split('\n').join('\n   ')}`);
  return 0;
}

/**
 * fetch wraps the socket error in `cause`; with `localhost` resolving to both ::1 and 127.0.0.1,
 * Node reports an AggregateError whose members carry the code.
 */
function isConnectionRefused(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ('code' in error && error.code === 'ECONNREFUSED') return true;
  if ('errors' in error && Array.isArray(error.errors) && error.errors.some(isConnectionRefused)) return true;
  return 'cause' in error && isConnectionRefused(error.cause);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.exitCode = await runTextCli(process.argv.slice(2), process.env);
}
