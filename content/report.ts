/**
 * `npm run content:report`: one self-contained HTML page with every message as it will be
 * sent or spoken, per channel, language and region, with its encoding, length, segments,
 * reading grade and cost per send, the most expensive first. A clinician can review the
 * whole line from it; `npm start` serves it at /content.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SegmentedMessage } from 'sms-segments-calculator';
import { z } from 'zod';
import { parseEnv } from '../functions/config.js';
import type { Content } from '../functions/core/content-model.js';
import { CONTENT_DIR, loadContentFromYaml } from './build.js';
import { type Catalogue, contentCatalogue } from './catalogue.js';
import { lintContent, type Problem } from './lint.js';
import { readingGrade } from './readability.js';

export type ReportOptions = {
  /** Price of one outbound SMS segment, e.g. 0.0083 (Twilio US long code, 2026). */
  pricePerSegment: number;
  currency: string;
  today: string;
  sourcesDir?: string;
};

type Row = {
  channel: string;
  language: string;
  region: string;
  id: string;
  text: string;
  encoding: string;
  characters: number;
  segments: number | undefined;
  grade: number;
  cost: number;
  seconds: number | undefined;
};

/** Polly at a calm 90% rate speaks about 140 words a minute. */
const SPOKEN_WORDS_PER_SECOND = 140 / 60;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function rows(catalogue: Catalogue, price: number): Row[] {
  return catalogue
    .map((entry) => {
      const sms = entry.channel === 'sms' ? new SegmentedMessage(entry.text) : undefined;
      const words = entry.text.split(/\s+/).filter(Boolean).length;
      return {
        channel: entry.channel,
        language: entry.language,
        region: entry.region,
        id: entry.id,
        text: entry.text,
        encoding: sms?.encodingName ?? 'speech',
        characters: entry.text.length,
        segments: sms?.segmentsCount,
        grade: entry.language === 'en' ? readingGrade(entry.text) : Number.NaN,
        cost: (sms?.segmentsCount ?? 0) * price,
        seconds: sms ? undefined : Math.round(words / SPOKEN_WORDS_PER_SECOND),
      };
    })
    .sort((a, b) => b.cost - a.cost || (b.seconds ?? 0) - (a.seconds ?? 0) || a.id.localeCompare(b.id));
}

export function renderReport(content: Content, catalogue: Catalogue, options: ReportOptions): string {
  const problems: Problem[] = lintContent(content, {
    catalogue,
    today: options.today,
    sourcesDir: options.sourcesDir,
  });
  const table = rows(catalogue, options.pricePerSegment);
  const sms = table.filter((row) => row.channel === 'sms');
  const english = table.filter((row) => row.language === 'en');
  const averageGrade = english.reduce((sum, row) => sum + row.grade, 0) / Math.max(1, english.length);
  const money = (value: number) => `${options.currency} ${value.toFixed(4)}`;
  const body = table
    .map(
      (row) => `<tr class="${row.channel}${row.segments !== undefined && row.segments > 2 ? ' costly' : ''}">
<td>${row.channel}</td><td>${row.language}</td><td>${row.region}</td><td><code>${escapeHtml(row.id)}</code></td>
<td class="text">${escapeHtml(row.text).replace(/\n/g, '<br>')}</td><td>${row.encoding}</td><td class="n">${row.characters}</td>
<td class="n">${row.segments ?? '-'}</td><td class="n">${Number.isNaN(row.grade) ? '-' : row.grade.toFixed(1)}</td>
<td class="n">${row.channel === 'sms' ? money(row.cost) : `~${row.seconds} s`}</td></tr>`,
    )
    .join('\n');
  const problemList =
    problems.length === 0
      ? '<p class="ok">The content linter found no problems.</p>'
      : `<ul class="problems">${problems.map((p) => `<li><strong>${escapeHtml(p.rule)}</strong> ${escapeHtml(p.where)}: ${escapeHtml(p.message)}</li>`).join('')}</ul>`;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.program.name)}: content report</title>
<style>
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header,main{max-width:1200px;margin:0 auto;padding:16px 20px}
h1{font-size:1.5rem;margin:.2em 0}
.summary{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.summary div{background:#fff;border:1px solid #d8dde3;border-radius:8px;padding:8px 12px}
.summary strong{display:block;font-size:1.25rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #d8dde3;padding:6px 8px;vertical-align:top;text-align:left}
th{background:#e9edf1;position:sticky;top:0}
td.text{max-width:520px;white-space:normal}
td.n{text-align:right;white-space:nowrap}
tr.voice td{background:#fbfbf5}
tr.costly td{background:#fff1f0}
.ok{color:#1a6b2f}.problems{color:#9b1c1c}
code{font-size:.85em}
</style></head>
<body><header>
<h1>${escapeHtml(content.program.name)}: every message</h1>
<p>Content reviewed ${content.reviewed}, next review due ${content.nextReview}. Generated ${options.today}.
Price per SMS segment: ${money(options.pricePerSegment)}. Most expensive first.</p>
<div class="summary">
<div><strong>${sms.length}</strong>SMS texts</div>
<div><strong>${table.length - sms.length}</strong>spoken prompts</div>
<div><strong>${averageGrade.toFixed(1)}</strong>average reading grade (English)</div>
<div><strong>${Math.max(0, ...sms.map((row) => row.segments ?? 0))}</strong>most segments in one text</div>
<div><strong>${money(sms.reduce((sum, row) => sum + row.cost, 0) / Math.max(1, sms.length))}</strong>average cost per text</div>
</div>
${problemList}
</header>
<main><table>
<thead><tr><th>Channel</th><th>Lang</th><th>Region</th><th>Message id</th><th>As sent or spoken</th><th>Encoding</th><th>Chars</th><th>Segments</th><th>Grade</th><th>Cost / length</th></tr></thead>
<tbody>
${body}
</tbody></table></main></body></html>
`;
}

const PRICE = 'the price of one SMS segment, a number such as 0.0083';

/** The report's settings; a bad one stops it with a message naming the variable (see parseEnv). */
const ArgsSchema = z.object({
  SMS_PRICE_PER_SEGMENT: z.coerce
    .number({ error: PRICE })
    .positive(`${PRICE}, more than 0`)
    .max(1, `${PRICE}, at most 1`)
    .default(0.0083),
  SMS_PRICE_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'a three-letter currency code in capitals, such as USD or GBP')
    .default('USD'),
});

export const REPORT_HTML = join(CONTENT_DIR, 'dist', 'report.html');

/** Builds the report from the YAML as it is now, so a content edit shows on the next reload. */
export function buildReport(env: NodeJS.ProcessEnv = process.env): string {
  const settings = parseEnv(ArgsSchema, env);
  const content = loadContentFromYaml();
  return renderReport(content, contentCatalogue(content), {
    pricePerSegment: settings.SMS_PRICE_PER_SEGMENT,
    currency: settings.SMS_PRICE_CURRENCY,
    today: new Date().toISOString().slice(0, 10),
    sourcesDir: join(CONTENT_DIR, '..', '..', 'shared', 'sources'),
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const html = buildReport();
    mkdirSync(dirname(REPORT_HTML), { recursive: true });
    writeFileSync(REPORT_HTML, html);
    console.log(`content report -> ${REPORT_HTML}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
