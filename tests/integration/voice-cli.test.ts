import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCallCli } from '../../infra/local/call-cli.js';
import { type Line, PUBLIC_URL, startLine } from './line-harness.js';

let line: Line;
beforeAll(async () => {
  line = await startLine();
});
afterAll(() => line.close());

/** Runs `npm run call` against the test line with scripted input; null ends the input. */
async function call(from: string, input: string[]) {
  const out: string[] = [];
  const errors: string[] = [];
  const code = await runCallCli(
    [from],
    { PORT: new URL(line.baseUrl).port, PUBLIC_URL },
    {
      log: (text) => out.push(text),
      error: (text) => errors.push(text),
      readLine: async () => input.shift() ?? null,
    },
  );
  return { code, out: out.join('\n'), errors: errors.join('\n') };
}

describe('npm run call', () => {
  it('plays a call: keys and words in, what the line says out, until it hangs up', async () => {
    // 1 picks English at the language choice, then group 2, topic 2, text me this, confirm.
    const result = await call('+447400123456', ['1', '2', '2', '3', '1', 'talk to a person']);
    expect(result.errors).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('If this is an emergency, hang up and call 9 9 9.');
    expect(result.out).toContain('What records to gather.');
    expect(result.out).toContain('…');
    expect(result.out).toContain('If this number can get texts from us, they will arrive in a minute.');
    expect(result.out).toContain('Sorry, we cannot put you through to a person on this line yet.');
    expect(result.out).toContain('You can also text START to this number');
    expect(result.out.endsWith('[call ended: hangup]')).toBe(true);
  });

  it("with input already closed, the line's no-input limit ends the call", async () => {
    const result = await call('anonymous', []);
    expect(result.code).toBe(0);
    // The first silence, at the language choice, means the first language (English); then 3 misses.
    expect(result.out.match(/no input: silence/g)).toHaveLength(4);
    expect(result.out.endsWith('[call ended: hangup]')).toBe(true);
  });

  it('refuses a number that is not E.164', async () => {
    expect((await call('07400123456', [])).code).toBe(2);
  });
});
