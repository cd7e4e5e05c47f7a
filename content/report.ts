/**
 * `npm run content:report`: one self-contained HTML page with every message as it will be
 * sent or spoken, per channel, language and region, with its encoding, length, segments,
 * reading level, cited sources, review state and cost per send, the most expensive first,
 * and the sources themselves. A clinician or an auditor can review the whole line from it,
 * and see what was signed off; `npm start` serves it at /content.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SegmentedMessage } from 'sms-segments-calculator';
import { z } from 'zod';
import { parseEnv } from '../functions/config.js';
import { type Content, isRegion, type Language } from '../functions/core/content-model.js';
import { CONTENT_DIR, loadContentFromYaml } from './build.js';
import { type Catalogue, contentCatalogue } from './catalogue.js';
import { lintContent, type Problem } from './lint.js';
import { inflesz, readingGrade, spanishPerspicuity } from './readability.js';
import {
  describeReviewState,
  FIXED_UNITS,
  loadReviewFiles,
  type ReviewFiles,
  reviewState,
} from './review-files.js';
import type { CatalogueEntry } from './sms-catalogue.js';

export type ReportOptions = ReviewFiles & {
  /** Price of one outbound SMS segment, e.g. 0.0083 (Twilio US long code, 2026). */
  pricePerSegment: number;
  currency: string;
  today: string;
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
  /** English: Flesch-Kincaid grade; Spanish: Szigriszt-Pazos score with its INFLESZ band. */
  reading: string;
  grade: number;
  sources: string[];
  review: string;
  reviewed: boolean;
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

/** The review unit a message belongs to: its topic, or the file its fixed text is in. */
export function unitOf(id: string): string {
  const [kind, name] = id.split('.');
  if ((kind === 'topic' || kind === 'text-me-this') && name !== undefined) return name;
  if (kind === 'sms') return 'messages';
  if (kind === 'checklist') return 'checklist';
  if (kind === 'reminders' || kind === 'reminder') return 'reminders';
  return 'voice';
}

/** The sources a message cites: its topic's, the region's crisis sources, or the checklist's. */
export function sourcesOf(content: Content, entry: CatalogueEntry): string[] {
  const lang = content.languages[entry.language];
  const unit = unitOf(entry.id);
  const topic = lang?.topics.find((candidate) => candidate.id === unit);
  if (topic !== undefined) return topic.sources;
  if (entry.id.endsWith('.crisis') && isRegion(entry.region)) return content.regions[entry.region].sources;
  if (unit === 'checklist' || entry.id.startsWith('reminder.before')) {
    const items = (lang?.checklist.items ?? []).filter(
      (item) => item.regions === undefined || item.regions.some((region) => region === entry.region),
    );
    return [...new Set(items.flatMap((item) => item.sources))];
  }
  return [];
}

/** How sources.yaml names each region's country. */
const COUNTRY: Record<string, string> = { uk: 'UK', us: 'US', ca: 'Canada' };

function rows(content: Content, catalogue: Catalogue, options: ReportOptions): Row[] {
  const price = options.pricePerSegment;
  const countryOf = new Map(options.sources.map((source) => [source.id, source.country]));
  // A region's message shows the sources for that region (a topic cites all the pages it draws on).
  const forRegion = (ids: string[], region: string) => {
    const country = COUNTRY[region];
    if (country === undefined) return ids;
    const mine = ids.filter((id) => countryOf.get(id)?.includes(country) ?? true);
    return mine.length > 0 ? mine : ids;
  };
  return catalogue
    .map((entry) => {
      const sms = entry.channel === 'sms' ? new SegmentedMessage(entry.text) : undefined;
      const words = entry.text.split(/\s+/).filter(Boolean).length;
      const english = entry.language === 'en';
      const grade = english ? readingGrade(entry.text) : spanishPerspicuity(entry.text);
      const state = reviewState(
        content,
        options.reviews,
        entry.language as Language,
        unitOf(entry.id),
        options.today,
      );
      return {
        channel: entry.channel,
        language: entry.language,
        region: entry.region,
        id: entry.id,
        text: entry.text,
        encoding: sms?.encodingName ?? 'speech',
        characters: entry.text.length,
        segments: sms?.segmentsCount,
        grade,
        reading: english ? `grade ${grade.toFixed(1)}` : `${grade.toFixed(0)} (${inflesz(grade)})`,
        sources: forRegion(sourcesOf(content, entry), entry.region),
        review: describeReviewState(state),
        reviewed: state.kind === 'reviewed',
        cost: (sms?.segmentsCount ?? 0) * price,
        seconds: sms ? undefined : Math.round(words / SPOKEN_WORDS_PER_SECOND),
      };
    })
    .sort((a, b) => b.cost - a.cost || (b.seconds ?? 0) - (a.seconds ?? 0) || a.id.localeCompare(b.id));
}

export function renderReport(content: Content, catalogue: Catalogue, options: ReportOptions): string {
  const problems: Problem[] = lintContent(content, { ...options, catalogue });
  const errors = problems.filter((problem) => problem.severity !== 'warning');
  const warnings = problems.filter((problem) => problem.severity === 'warning');
  const table = rows(content, catalogue, options);
  const sms = table.filter((row) => row.channel === 'sms');
  const average = (language: string) => {
    const graded = table.filter((row) => row.language === language);
    return graded.reduce((sum, row) => sum + row.grade, 0) / Math.max(1, graded.length);
  };
  const units = Object.values(content.languages).reduce(
    (sum, lang) => sum + (lang === undefined ? 0 : lang.topics.length + FIXED_UNITS.length),
    0,
  );
  const reviewedUnits = (['en', 'es'] as const).reduce(
    (sum, language) =>
      sum +
      Object.keys(options.reviews[language]).filter(
        (unit) => reviewState(content, options.reviews, language, unit, options.today).kind === 'reviewed',
      ).length,
    0,
  );
  const sourceList = options.sources
    .map(
      (source) => `<tr><td><code>${escapeHtml(source.id)}</code></td><td>${escapeHtml(source.title)}${
        source.url ? `<br><code>${escapeHtml(source.url)}</code>` : ''
      }</td><td>${escapeHtml(source.publisher)}</td><td>${escapeHtml(source.country)}, ${escapeHtml(source.healthSystem)}</td>
<td>${escapeHtml(source.covers)}</td><td>${[
        source.pagePublished && `published ${source.pagePublished}`,
        source.pageUpdated && `updated ${source.pageUpdated}`,
        source.pageReviewed && `reviewed ${source.pageReviewed}`,
        source.pageNextReview && `next review ${source.pageNextReview}`,
      ]
        .filter(Boolean)
        .join('<br>')}</td><td>${source.checked}<br>next ${source.nextCheck}</td></tr>`,
    )
    .join('\n');
  const money = (value: number) => `${options.currency} ${value.toFixed(4)}`;
  const body = table
    .map(
      (row) => `<tr class="${row.channel}${row.segments !== undefined && row.segments > 2 ? ' costly' : ''}">
<td>${row.channel}</td><td>${row.language}</td><td>${row.region}</td><td><code>${escapeHtml(row.id)}</code></td>
<td class="text">${escapeHtml(row.text).replace(/\n/g, '<br>')}</td><td>${row.encoding}</td><td class="n">${row.characters}</td>
<td class="n">${row.segments ?? '-'}</td><td class="n">${escapeHtml(row.reading)}</td>
<td>${row.sources.map((id) => `<code>${escapeHtml(id)}</code>`).join('<br>') || '-'}</td>
<td class="${row.reviewed ? 'ok' : 'todo'}">${escapeHtml(row.review)}</td>
<td class="n">${row.channel === 'sms' ? money(row.cost) : `~${row.seconds} s`}</td></tr>`,
    )
    .join('\n');
  const listOf = (list: Problem[], kind: string) =>
    `<ul class="${kind}">${list.map((p) => `<li><strong>${escapeHtml(p.rule)}</strong> ${escapeHtml(p.where)}: ${escapeHtml(p.message)}</li>`).join('')}</ul>`;
  const problemList = [
    errors.length === 0
      ? '<p class="ok">The content linter found no errors.</p>'
      : `<h2>Errors (${errors.length})</h2>${listOf(errors, 'problems')}`,
    warnings.length === 0
      ? ''
      : `<details><summary><h2>Warnings (${warnings.length})</h2></summary>${listOf(warnings, 'warnings')}</details>`,
  ].join('\n');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.program.name)}: content report</title>
<style>
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header,main{max-width:1600px;margin:0 auto;padding:16px 20px}
h1{font-size:1.5rem;margin:.2em 0}
.summary{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.summary div{background:#fff;border:1px solid #d8dde3;border-radius:8px;padding:8px 12px}
.summary strong{display:block;font-size:1.25rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #d8dde3;padding:6px 8px;vertical-align:top;text-align:left}
th{background:#e9edf1;position:sticky;top:0}
td.text{max-width:440px;white-space:normal}td code{white-space:nowrap}
td.n{text-align:right;white-space:nowrap}
tr.voice td{background:#fbfbf5}
tr.costly td{background:#fff1f0}
.ok{color:#1a6b2f}.problems{color:#9b1c1c}.warnings{color:#7a4a00}td.todo{color:#7a4a00}
h2{font-size:1.1rem;margin:1em 0 .3em}summary h2{display:inline}
code{font-size:.85em}
</style></head>
<body><header>
<h1>${escapeHtml(content.program.name)}: every message</h1>
<p>Generated ${options.today}. ${reviewedUnits} of ${units} topics and files reviewed as they are now
(the record is content/reviews.yaml). Price per SMS segment: ${money(options.pricePerSegment)}. Most expensive first.</p>
<div class="summary">
<div><strong>${sms.length}</strong>SMS texts</div>
<div><strong>${table.length - sms.length}</strong>spoken prompts</div>
<div><strong>${average('en').toFixed(1)}</strong>average reading grade (English, Flesch-Kincaid)</div>
<div><strong>${average('es').toFixed(0)}</strong>average Spanish score (Szigriszt-Pazos, INFLESZ ${inflesz(average('es'))})</div>
<div><strong>${reviewedUnits} / ${units}</strong>reviewed</div>
<div><strong>${Math.max(0, ...sms.map((row) => row.segments ?? 0))}</strong>most segments in one text</div>
<div><strong>${money(sms.reduce((sum, row) => sum + row.cost, 0) / Math.max(1, sms.length))}</strong>average cost per text</div>
</div>
${problemList}
</header>
<main><table>
<thead><tr><th>Channel</th><th>Lang</th><th>Region</th><th>Message id</th><th>As sent or spoken</th><th>Encoding</th><th>Chars</th><th>Segments</th><th>Reading</th><th>Sources</th><th>Review</th><th>Cost / length</th></tr></thead>
<tbody>
${body}
</tbody></table>
<h2>Sources</h2>
<table><thead><tr><th>Id</th><th>Title</th><th>Publisher</th><th>Country, health system</th><th>What the line takes from it</th><th>The page's dates</th><th>Checked</th></tr></thead>
<tbody>
${sourceList}
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
    ...loadReviewFiles(CONTENT_DIR),
    pricePerSegment: settings.SMS_PRICE_PER_SEGMENT,
    currency: settings.SMS_PRICE_CURRENCY,
    today: new Date().toISOString().slice(0, 10),
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
