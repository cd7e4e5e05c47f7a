import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { E164Schema } from '../../functions/sms/inbound-sms.js';
import * as v from '../../functions/validation.js';
import {
  type CallerAnswer,
  callParams,
  describeTwiml,
  newCallSid,
  nextRequest,
  parseVoiceTwiml,
  type TwimlNode,
} from './call-simulator.js';
import { readCliEnv } from './cli-env.js';
import { postSignedForm } from './twilio-signing.js';

const USAGE = `Usage: npm run call -- <phone number>
  Calls the local voice line as <phone number>, signed like Twilio, and follows the menu.
  Type keys (1, 2, *, 0) or words ("records", "talk to a person") and press Enter;
  an empty line is silence. <phone number> is E.164 ('+', then 7 to 15 digits, the first
  not 0), e.g. +447400123456, or "anonymous".
Example: npm run call -- +14165550199
Env: PORT, PUBLIC_URL (default http://localhost:$PORT), TWILIO_AUTH_TOKEN, LINE_NUMBER.`;

/** A real call ends long before this; the cap only stops a runaway loop. */
const MAX_REQUESTS = 500;

/** Where the CLI reads and writes; injectable so tests can drive a whole call. */
export type CallCliIo = {
  log: (line: string) => void;
  error: (line: string) => void;
  /** The caller's next line, or null once input has ended (piped input, Ctrl+D). */
  readLine: () => Promise<string | null>;
};

/**
 * Places one local call and plays it out in the terminal. Resolves with the exit code:
 * 0 when the call ends, 1 when the line is down or answers badly, 2 on bad arguments or settings.
 * Once input ends every prompt gets silence, so the line's own no-input limit ends the call.
 */
export async function runCallCli(args: string[], env: NodeJS.ProcessEnv, io: CallCliIo): Promise<number> {
  const [from] = args;
  if (from === undefined || !(v.is(E164Schema, from) || from === 'anonymous')) {
    io.error(from === undefined ? 'Missing the phone number.\n' : `Not an E.164 phone number: ${from}\n`);
    io.error(USAGE);
    return 2;
  }
  const read = readCliEnv(env);
  if ('problem' in read) {
    io.error(read.problem);
    return 2;
  }
  // Posts go to this machine; signatures are for the public URL the line checks against.
  const { publicUrl, localUrl, authToken, lineNumber: to, devToken } = read.settings;
  const callSid = newCallSid();

  let url = `${publicUrl}/voice`;
  let params = callParams(callSid, from, to, 'ringing');
  io.log(`Calling the line at ${url} from ${from} (${callSid})\n`);

  for (let requests = 0; requests < MAX_REQUESTS; requests++) {
    const twiml = await request(url, params, { publicUrl, localUrl, authToken, devToken }, io);
    if (twiml === undefined) return 1;
    for (const line of describeTwiml(twiml)) io.log(`  ${line}`);

    const answer = hasGather(twiml) ? await ask(io) : { silence: true as const };
    if (twiml.children.some((node) => node.name === 'Dial')) {
      io.log('  [nobody picks up the transfer on a local call]');
    }
    const next = nextRequest(twiml, answer, 'no-answer');
    if (next.kind === 'ended') {
      io.log(`\n[call ended: ${next.reason}]`);
      return 0;
    }
    url = next.url;
    params = { ...callParams(callSid, from, to), ...next.params };
  }
  io.error(`Gave up after ${MAX_REQUESTS} requests: the call did not end.`);
  return 1;
}

type Target = { publicUrl: string; localUrl: string; authToken: string; devToken?: string | undefined };

async function request(
  url: string,
  params: Record<string, string>,
  target: Target,
  io: CallCliIo,
): Promise<TwimlNode | undefined> {
  const local = url.startsWith(target.publicUrl)
    ? `${target.localUrl}${url.slice(target.publicUrl.length)}`
    : url;
  let response: Awaited<ReturnType<typeof postSignedForm>>;
  try {
    response = await postSignedForm(local, params, target.authToken, {
      signatureUrl: url,
      ...(target.devToken === undefined ? {} : { devToken: target.devToken }),
    });
  } catch (error) {
    io.error(`Nothing answers at ${local}. Is the line running? Start it with \`npm start\`.`);
    io.error(`(${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
  if (response.status !== 200) {
    io.error(`The line answered ${response.status} (${response.contentType || 'no content type'}):`);
    io.error(response.body);
    return undefined;
  }
  try {
    return parseVoiceTwiml(response.body);
  } catch (error) {
    io.error(`The line answered 200 but not with TwiML (${error instanceof Error ? error.message : error}):`);
    io.error(response.body);
    return undefined;
  }
}

function hasGather(twiml: TwimlNode): boolean {
  return twiml.children.some((node) => node.name === 'Gather');
}

/** A line of digits/star/hash is keys; other words are speech; empty or ended input is silence. */
async function ask(io: CallCliIo): Promise<CallerAnswer> {
  const line = await io.readLine();
  const text = line?.trim() ?? '';
  if (line === null) io.log('> (no input: silence)');
  else if (!process.stdin.isTTY) io.log(`> ${text || '(silence)'}`);
  if (text === '') return { silence: true };
  return /^[0-9*#]+$/.test(text) ? { digits: text } : { speech: text };
}

/** Reads stdin line by line; null once it has ended, without waiting on a closed stream. */
function stdinLines(): { readLine: () => Promise<string | null>; close: () => void } {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  let ended = false;
  return {
    readLine: async () => {
      if (ended) return null;
      if (process.stdin.isTTY) process.stdout.write('> ');
      const next = await lines.next();
      if (next.done) ended = true;
      return next.done ? null : next.value;
    },
    close: () => rl.close(),
  };
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const input = stdinLines();
  process.exitCode = await runCallCli(process.argv.slice(2), process.env, {
    log: console.log,
    error: console.error,
    readLine: input.readLine,
  });
  input.close();
}
