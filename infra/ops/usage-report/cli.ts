/**
 * `npm run report:usage -- --from 2026-11-01 --to 2026-11-30`: the line's usage over those
 * days (UTC), read from CloudWatch (GetMetricData, with the usual AWS credentials and region),
 * written as an HTML page with plots (inline SVG, self-contained) and a CSV. With
 * `--local URL` it reads a local run's metrics sink (npm start) instead.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { readCloudWatch } from './cloudwatch-source.js';
import { parseRange, ReportInputError, type UsageSeries } from './data.js';
import { usageFigures } from './figures.js';
import { renderCsv, renderHtml } from './render.js';

export const USAGE = `Usage: npm run report:usage -- --from YYYY-MM-DD --to YYYY-MM-DD [--out DIR] [--local URL] [--dev-token TOKEN]
  --from, --to  the first and last day (UTC), both included
  --out         where to write usage-<from>-<to>.html and .csv (default: usage-report)
  --local       read a local run (npm start, e.g. http://127.0.0.1:3000) instead of CloudWatch;
                it needs the run's dev token (DEV_TOKEN or --dev-token)
Example: AWS_PROFILE=line AWS_REGION=eu-west-2 npm run report:usage -- --from 2026-11-01 --to 2026-11-30`;

export type ReportIo = { out: (text: string) => void; err: (text: string) => void };

export type ReportSources = {
  cloudWatch: (days: string[]) => Promise<UsageSeries[]>;
  local: (url: string, token: string | undefined) => Promise<UsageSeries[]>;
};

const defaultSources = async (): Promise<ReportSources> => ({
  cloudWatch: readCloudWatch,
  local: (await import('./local-source.js')).readLocal,
});

/** What a failed AWS call means for the operator, in one line. */
export function explainAwsError(error: unknown): string {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'CredentialsProviderError' || /credential/i.test(message)) {
    return 'No AWS credentials were found: set AWS_PROFILE (after aws sso login) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then run it again.';
  }
  if (/region is missing/i.test(message))
    return "No AWS region: set AWS_REGION (the line's region, e.g. eu-west-2).";
  if (/AccessDenied|UnauthorizedOperation|not authorized/i.test(`${name} ${message}`)) {
    return 'AWS refused: the credentials need cloudwatch:GetMetricData and cloudwatch:ListMetrics.';
  }
  return `CloudWatch refused or failed (${name}): ${message}`;
}

/** Resolves with the exit code: 0 written, 1 the source failed, 2 bad arguments. */
export async function runUsageReport(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: ReportIo = {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  },
  now: () => Date = () => new Date(),
  sources?: ReportSources,
): Promise<number> {
  let args: { from: string; to: string; days: string[]; out: string; local?: string; token?: string };
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        out: { type: 'string', default: 'usage-report' },
        local: { type: 'string' },
        'dev-token': { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const localFlag = values.local;
    if (positionals.length > 0) throw new ReportInputError(`Unexpected arguments: ${positionals.join(' ')}`);
    const days = parseRange(values.from, values.to, now());
    if (localFlag !== undefined && !URL.canParse(localFlag)) {
      throw new ReportInputError(`--local ${localFlag} is not a URL (e.g. http://127.0.0.1:3000).`);
    }
    args = {
      from: values.from as string,
      to: values.to as string,
      days,
      out: values.out,
      ...(localFlag === undefined ? {} : { local: localFlag }),
      ...((values['dev-token'] ?? env.DEV_TOKEN) === undefined
        ? {}
        : { token: values['dev-token'] ?? env.DEV_TOKEN }),
    };
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }

  const use = sources ?? (await defaultSources());
  let series: UsageSeries[];
  try {
    series =
      args.local === undefined ? await use.cloudWatch(args.days) : await use.local(args.local, args.token);
  } catch (error) {
    io.err(
      args.local === undefined
        ? explainAwsError(error)
        : error instanceof Error
          ? error.message
          : String(error),
    );
    return 1;
  }
  const source = args.local === undefined ? 'CloudWatch metrics' : `local run at ${args.local}`;
  const figures = usageFigures({ from: args.from, to: args.to, source, series }, args.days);
  const dir = resolve(args.out);
  await mkdir(dir, { recursive: true });
  const base = join(dir, `usage-${args.from}-${args.to}`);
  await writeFile(`${base}.html`, renderHtml(figures, source, args.from, args.to));
  await writeFile(`${base}.csv`, renderCsv(figures));
  io.out(
    `Wrote ${base}.html and ${base}.csv (${figures.texts} texts, ${figures.calls} calls, ${figures.peopleReached} people reached).`,
  );
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runUsageReport(process.argv.slice(2), process.env);
}
