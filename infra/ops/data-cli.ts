/**
 * `npm run data -- export <E.164>` and `npm run data -- erase <E.164>`: answer a subject
 * access or erasure request against the deployed table, with the usual AWS credentials and
 * region (AWS_PROFILE, AWS_REGION, ...) and the table name in TABLE_NAME or --table.
 * Everything is JSON on stdout; problems are one line on stderr and a non-zero exit code.
 */

import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  applyErasure,
  type PersonItem,
  personItems,
  planErasure,
} from '../../functions/adapters/dynamodb/person-data.js';
import { E164_PATTERN } from '../../functions/core/phone/phone-number.js';
import { erasureMetrics, exportMetrics, type MetricPoint } from '../../functions/core/usage-metrics.js';
import { putMetrics } from './put-metrics.js';

export const USAGE = `Usage: npm run data -- <export|erase> <E.164 number> [--table NAME] [--dry-run]
  export   prints, as JSON, every item the line holds for the number (a subject access request)
  erase    deletes every item for the number; an opted-out number keeps a bare suppression
           entry (number, opted out, consent events) so it is never texted again
  --table    the DynamoDB table (default: TABLE_NAME)
  --dry-run  erase: print what would be deleted and kept, change nothing
AWS credentials and region come from the usual places (AWS_PROFILE, AWS_REGION, ...).
DYNAMODB_ENDPOINT points it at DynamoDB Local instead.
Example: TABLE_NAME=SecondOpinionLine-Data-Table AWS_REGION=eu-west-2 npm run data -- export +447400123456`;

export type DataCliIo = { out: (text: string) => void; err: (text: string) => void };

/** Resolves with the exit code: 0 done, 1 AWS refused or failed, 2 bad arguments. */
export async function runDataCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: DataCliIo = {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  },
  now: () => Date = () => new Date(),
  /** Counts erasures and exports; against DynamoDB Local (DYNAMODB_ENDPOINT) nothing is counted. */
  count: (points: MetricPoint[], at: Date) => Promise<void> = env.DYNAMODB_ENDPOINT
    ? async () => {}
    : putMetrics,
): Promise<number> {
  // The request is answered whatever happens to its count: a failed count is a warning.
  const counted = (points: MetricPoint[], at: Date) =>
    count(points, at).catch((error: unknown) => {
      io.err(
        `Warning: could not count this in CloudWatch metrics (${error instanceof Error ? error.name : 'Error'}).`,
      );
    });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv, env);
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { command, phone, table, dryRun } = parsed;
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
  );
  try {
    // A clear error for a wrong name or region before anything else is read.
    await client.send(new DescribeTableCommand({ TableName: table }));
    const items = await personItems(client, table, phone);
    if (command === 'export') {
      const at = now();
      io.out(JSON.stringify(exportDocument(phone, table, items, at), null, 2));
      await counted(exportMetrics(), at);
      return 0;
    }
    const at = now();
    const plan = planErasure(items, phone, at);
    if (!dryRun) {
      await applyErasure(client, table, plan);
      await counted(erasureMetrics('operator'), at);
    }
    io.out(
      JSON.stringify(
        {
          phone,
          table,
          dryRun,
          erasedAt: dryRun ? undefined : at.toISOString(),
          deleted: plan.deleted,
          keptSuppression: plan.suppression !== undefined,
          kept: plan.suppression,
          note:
            plan.suppression === undefined
              ? 'Every row for this number is deleted. Backups (PITR) keep it up to 35 days more.'
              : 'The number had opted out: a suppression entry is kept so it is never texted again. Backups (PITR) keep the rest up to 35 days more.',
        },
        null,
        2,
      ),
    );
    return 0;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) {
      const region = await client.config.region().catch(() => 'unknown');
      io.err(
        `Table ${table} was not found in region ${region}: check TABLE_NAME (or --table) and AWS_REGION.`,
      );
      return 1;
    }
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    io.err(`AWS refused or failed (${name}): ${message}`);
    return 1;
  } finally {
    client.destroy();
  }
}

function parse(argv: string[], env: NodeJS.ProcessEnv) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { table: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const [command, phone, ...extra] = positionals;
  if (command !== 'export' && command !== 'erase') throw new Error(`Unknown command: ${command ?? '(none)'}`);
  if (phone === undefined) throw new Error('Missing the phone number.');
  if (!E164_PATTERN.test(phone)) {
    throw new Error(
      `Not an E.164 phone number: ${phone} (write it as +, country code, number: +447400123456)`,
    );
  }
  if (extra.length > 0) throw new Error(`Unexpected arguments: ${extra.join(' ')}`);
  const table = values.table ?? env.TABLE_NAME;
  if (table === undefined || !/^[A-Za-z0-9_.-]{3,255}$/.test(table)) {
    throw new Error('Set the table: TABLE_NAME or --table (3-255 letters, digits, _ . -).');
  }
  if (command === 'export' && values['dry-run']) throw new Error('--dry-run is for erase only.');
  return { command, phone, table, dryRun: values['dry-run'] === true } as const;
}

/** A subject access answer: what is held, grouped by kind, and what each kind is for. */
export function exportDocument(phone: string, table: string, items: PersonItem[], at: Date) {
  const kindOf = (sk: string) =>
    sk === 'PROFILE'
      ? 'person'
      : sk.startsWith('SMS#')
        ? 'answered-text'
        : sk.startsWith('TEXT-ME-THIS#')
          ? 'text-me-this-consent'
          : sk.startsWith('REMINDER#')
            ? 'reminder'
            : 'other';
  return {
    phone,
    table,
    exportedAt: at.toISOString(),
    itemCount: items.length,
    purposes: {
      person:
        'consent state and history, language, region, topic progress, appointment and checklist you asked for',
      'answered-text': 'the reply to each text, kept 48 hours so a repeated delivery is not acted on twice',
      'text-me-this-consent':
        'the one-off consent of a phone call that asked for a topic by text, kept 30 days',
      reminder: 'appointment reminders you asked for, deleted 30 days after the appointment',
    },
    items: items.map((item) => ({ kind: kindOf(item.sk), ...item })),
  };
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.exitCode = await runDataCli(process.argv.slice(2), process.env);
}
