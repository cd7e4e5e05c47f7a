import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCallCli } from '../../infra/local/call-cli.js';
import { readCliEnv } from '../../infra/local/cli-env.js';
import { DEV_AUTH_TOKEN, DEV_LINE_NUMBER } from '../../infra/local/dev-defaults.js';
import { runTextCli } from '../../infra/local/text-cli.js';

/** A port nothing listens on, so a CLI that gets past its checks stops at "Nothing answers" (1). */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return String(address.port);
}

async function text(args: string[], env: NodeJS.ProcessEnv) {
  const errors: string[] = [];
  const code = await runTextCli(args, env, { log: () => {}, error: (line) => errors.push(line) });
  return { code, errors: errors.join('\n') };
}

async function call(args: string[], env: NodeJS.ProcessEnv) {
  const errors: string[] = [];
  const code = await runCallCli(args, env, {
    log: () => {},
    error: (line) => errors.push(line),
    readLine: async () => null,
  });
  return { code, errors: errors.join('\n') };
}

describe('npm run text / npm run call: arguments', () => {
  // The handler's rule (E164Schema): '+', a digit 1-9, then 6 to 14 more digits.
  it.each(['+1234567', '+447400123456', '+123456789012345'])(
    'accept %s as the handler does',
    async (from) => {
      const env = { PORT: await closedPort() };
      expect((await text([from, 'START'], env)).code).toBe(1);
      expect((await call([from], env)).code).toBe(1);
    },
  );

  it.each(['+123456', '+0447400123456', '+1234567890123456', '07400123456', '447400123456'])(
    'refuse %s as the handler does',
    async (from) => {
      for (const result of [await text([from, 'START'], {}), await call([from], {})]) {
        expect(result.code).toBe(2);
        expect(result.errors).toContain(`Not an E.164 phone number: ${from}`);
      }
    },
  );

  it('still calls as "anonymous" and still wants a message to text', async () => {
    expect((await call(['anonymous'], { PORT: await closedPort() })).code).toBe(1);
    expect(await text(['+447400123456'], {})).toMatchObject({
      code: 2,
      errors: /Missing the phone number or the message/,
    });
  });
});

describe('npm run text / npm run call: environment', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '0'],
    ['PUBLIC_URL', 'localhost:3000'],
    ['TWILIO_AUTH_TOKEN', 'short'],
    ['LINE_NUMBER', 'my line'],
  ])('refuse %s=%s naming the variable, before sending anything', async (name, value) => {
    for (const result of [
      await text(['+447400123456', 'START'], { [name]: value }),
      await call(['+447400123456'], { [name]: value }),
    ]) {
      expect(result.code).toBe(2);
      expect(result.errors).toMatch(new RegExp(`^  ${name}: `, 'm'));
      expect(result.errors).not.toContain('Nothing answers');
    }
  });

  it('never prints the auth token it refuses', async () => {
    expect((await text(['+447400123456', 'START'], { TWILIO_AUTH_TOKEN: 'sekrit' })).errors).not.toContain(
      'sekrit',
    );
  });

  it('defaults to the line `npm start` runs, and reads what is set', () => {
    expect(readCliEnv({})).toEqual({
      settings: {
        localUrl: 'http://127.0.0.1:3000',
        publicUrl: 'http://localhost:3000',
        authToken: DEV_AUTH_TOKEN,
        lineNumber: DEV_LINE_NUMBER,
      },
    });
    expect(
      readCliEnv({
        PORT: '4000',
        PUBLIC_URL: 'https://abc.ngrok.app/',
        TWILIO_AUTH_TOKEN: 'a-real-looking-token',
        LINE_NUMBER: '12345',
      }),
    ).toEqual({
      settings: {
        localUrl: 'http://127.0.0.1:4000',
        publicUrl: 'https://abc.ngrok.app',
        authToken: 'a-real-looking-token',
        lineNumber: '12345',
      },
    });
  });

  it('reads only its own variables', () => {
    expect(readCliEnv({ REMINDER_MAX_MPS: 'lots', TABLE_NAME: 'x' })).toHaveProperty('settings');
  });
});
