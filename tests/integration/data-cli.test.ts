import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runDataCli } from '../../infra/ops/data-cli.js';
import { type Line, startLine } from './line-harness.js';
import { placeCall } from './voice-harness.js';

/** `npm run data` against DynamoDB Local, as an operator would run it against the deployed table. */
let line: Line;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  line = await startLine();
  // The usual AWS settings, as the SDK reads them; DYNAMODB_ENDPOINT points at DynamoDB Local.
  process.env.AWS_REGION = 'local';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  env = { TABLE_NAME: line.tableName, DYNAMODB_ENDPOINT: inject('dynamodbEndpoint') };
});
afterAll(() => line.close());

const run = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDataCli(argv, env, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, out: out.join('\n'), err: err.join('\n'), json: () => JSON.parse(out.join('\n')) };
};

describe('npm run data', () => {
  it('export prints every item for the number as JSON, with what each is for', async () => {
    const phone = '+447400124001';
    await line.text(phone, 'START');
    await line.text(phone, 'RECORDS');
    const call = await placeCall(line, phone);
    await call.say('records');
    await call.press('3');
    await call.press('1');
    const result = await run('export', phone);
    expect(result.code, result.err).toBe(0);
    const document = result.json();
    expect(document.phone).toBe(phone);
    expect(document.itemCount).toBe((await line.items(phone)).length);
    expect(document.items.map((item: { kind: string }) => item.kind).sort()).toEqual(
      ['answered-text', 'answered-text', 'person', 'text-me-this-consent'].sort(),
    );
    expect(document.items.find((item: { kind: string }) => item.kind === 'person')).toMatchObject({
      status: 'subscribed',
      visited: ['records'],
    });
  });

  it('erase --dry-run shows the plan and changes nothing; erase deletes every row', async () => {
    const phone = '+447400124002';
    await line.text(phone, 'START');
    await line.text(phone, 'MENU');
    const before = await line.items(phone);
    const dry = await run('erase', phone, '--dry-run');
    expect(dry.code, dry.err).toBe(0);
    expect(dry.json()).toMatchObject({ dryRun: true, keptSuppression: false });
    expect(dry.json().deleted).toHaveLength(before.length);
    expect(await line.items(phone)).toEqual(before);

    const done = await run('erase', phone);
    expect(done.code, done.err).toBe(0);
    expect(done.json()).toMatchObject({ dryRun: false, keptSuppression: false });
    expect(await line.items(phone)).toEqual([]);
  });

  it('erase keeps a bare suppression entry for an opted-out number, and says so', async () => {
    const phone = '+447400124003';
    await line.text(phone, 'START');
    await line.text(phone, 'STOP');
    const done = await run('erase', phone, '--table', line.tableName);
    expect(done.code, done.err).toBe(0);
    expect(done.json()).toMatchObject({ keptSuppression: true, kept: { status: 'opted-out', phone } });
    const items = await line.items(phone);
    expect(items.map((item) => item.sk)).toEqual(['PROFILE']);
    expect(items[0]?.status).toBe('opted-out');
  });

  it.each([
    [['export', '07400123456'], /Not an E.164 phone number/],
    [['export', '+44 7400 123456'], /Not an E.164 phone number/],
    [['delete', '+447400123456'], /Unknown command/],
    [['export'], /Missing the phone number/],
    [['export', '+447400123456', '--dry-run'], /--dry-run is for erase only/],
  ])('%j: a clear error and exit code 2', async (argv, message) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err).toContain('Usage: npm run data');
  });

  it('a missing table: a clear error naming the table and the region', async () => {
    const result = await run('export', '+447400123456', '--table', 'no-such-table');
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      'Table no-such-table was not found in region local: check TABLE_NAME (or --table) and AWS_REGION.',
    );
  });

  it('no table name at all: exit code 2', async () => {
    const out: string[] = [];
    const code = await runDataCli(
      ['export', '+447400123456'],
      {},
      { out: () => {}, err: (text) => out.push(text) },
    );
    expect(code).toBe(2);
    expect(out.join('')).toContain('Set the table');
  });
});

describe('npm run data counts what it did (never who)', () => {
  const counting = async (...argv: string[]) => {
    const counted: { names: string[]; labels: string[] }[] = [];
    const err: string[] = [];
    const code = await runDataCli(
      argv,
      env,
      { out: () => {}, err: (text) => err.push(text) },
      () => new Date('2026-11-20T12:00:00Z'),
      async (points) => {
        counted.push({
          names: points.map((p) => p.name),
          labels: points.flatMap((p) => p.sets.flatMap((set) => Object.values(set))),
        });
      },
    );
    return { code, counted, err: err.join('\n') };
  };

  it('an export and an erasure are counted once each; a dry run is not', async () => {
    const phone = '+447400124077';
    await line.text(phone, 'START');
    expect((await counting('export', phone)).counted).toEqual([{ names: ['DataExport'], labels: [] }]);
    expect((await counting('erase', phone, '--dry-run')).counted).toEqual([]);
    const erased = await counting('erase', phone);
    expect(erased.counted).toEqual([{ names: ['Erasure'], labels: ['operator'] }]);
  });

  it('a count CloudWatch refuses is a warning: the request is still answered', async () => {
    const phone = '+447400124078';
    await line.text(phone, 'START');
    const err: string[] = [];
    const code = await runDataCli(
      ['erase', phone],
      env,
      { out: () => {}, err: (text) => err.push(text) },
      () => new Date(),
      async () => {
        throw Object.assign(new Error('denied'), { name: 'AccessDenied' });
      },
    );
    expect(code).toBe(0);
    expect(err.join('')).toContain('Warning: could not count this in CloudWatch metrics (AccessDenied)');
    expect(await line.items(phone)).toEqual([]);
  });
});
