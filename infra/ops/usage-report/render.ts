import type { Breakdown, UsageFigures } from './figures.js';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const percent = (share: number | undefined) => (share === undefined ? 'n/a' : `${(share * 100).toFixed(1)}%`);

/** Horizontal bars, one per label: plain SVG, readable without scripts or styles from elsewhere. */
export function barChart(title: string, rows: Breakdown): string {
  if (rows.length === 0)
    return `<figure><figcaption>${escapeHtml(title)}</figcaption><p class="none">None in this period.</p></figure>`;
  const max = Math.max(...rows.map((row) => row.value), 1);
  const height = rows.length * 24 + 8;
  const bars = rows
    .map((row, i) => {
      const y = 4 + i * 24;
      const width = Math.max(1, Math.round((row.value / max) * 300));
      return `<text x="0" y="${y + 15}" class="label">${escapeHtml(row.label)}</text><rect x="170" y="${y + 2}" width="${width}" height="18" rx="2"/><text x="${176 + width}" y="${y + 15}">${row.value}</text>`;
    })
    .join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 520 ${height}" width="520" height="${height}">${bars}</svg></figure>`;
}

/** Daily lines (texts, calls, people reached) over the report's days. */
export function lineChart(figures: UsageFigures): string {
  const series = [
    { key: 'texts', label: 'Texts in', colour: '#1b5e9e' },
    { key: 'calls', label: 'Calls', colour: '#b45309' },
    { key: 'people', label: 'People reached', colour: '#2f7d32' },
  ] as const;
  const width = 640;
  const height = 220;
  const left = 40;
  const bottom = 190;
  const max = Math.max(1, ...figures.daily.flatMap((d) => [d.texts, d.calls, d.people]));
  const step = figures.daily.length > 1 ? (width - left - 10) / (figures.daily.length - 1) : 0;
  const x = (i: number) => left + i * step;
  const y = (v: number) => bottom - (v / max) * (bottom - 20);
  const lines = series
    .map(
      (s) =>
        `<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${figures.daily
          .map((d, i) => `${x(i).toFixed(1)},${y(d[s.key]).toFixed(1)}`)
          .join(' ')}"><title>${s.label}</title></polyline>`,
    )
    .join('');
  const legend = series
    .map(
      (s, i) =>
        `<rect x="${left + i * 130}" y="204" width="12" height="12" fill="${s.colour}"/><text x="${left + 16 + i * 130}" y="215">${s.label}</text>`,
    )
    .join('');
  const first = figures.daily[0]?.day ?? '';
  const last = figures.daily.at(-1)?.day ?? '';
  const axes = `<line x1="${left}" y1="${bottom}" x2="${width - 10}" y2="${bottom}" stroke="#888"/><line x1="${left}" y1="20" x2="${left}" y2="${bottom}" stroke="#888"/><text x="0" y="24">${max}</text><text x="0" y="${bottom}">0</text><text x="${left}" y="${bottom + 12}" class="small">${first}</text><text x="${width - 80}" y="${bottom + 12}" class="small">${last}</text>`;
  return `<figure><figcaption>Each day</figcaption><svg role="img" aria-label="Texts, calls and people reached each day" viewBox="0 0 ${width} ${height + 4}" width="${width}" height="${height + 4}">${axes}${lines}${legend}</svg></figure>`;
}

export function renderHtml(figures: UsageFigures, source: string, from: string, to: string): string {
  const kpi = (label: string, value: string | number) =>
    `<div class="kpi"><span class="value">${escapeHtml(String(value))}</span><span>${escapeHtml(label)}</span></div>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Second Opinion Line: usage ${from} to ${to}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.5rem}.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(10rem,1fr));gap:.75rem;margin:1rem 0 2rem}
.kpi{border:1px solid #ccc;border-radius:8px;padding:.6rem .8rem;display:flex;flex-direction:column}.kpi .value{font-size:1.5rem;font-weight:700}
figure{margin:1rem 0 2rem}figcaption{font-weight:600;margin-bottom:.4rem}svg text{font-size:12px;fill:#1d1d1f}svg rect{fill:#1b5e9e}svg .small{font-size:10px}
.none,.note{color:#555}
</style></head><body>
<h1>Second Opinion Line: usage from ${from} to ${to}</h1>
<p class="note">Counts only: no phone number, message or SID is stored in these metrics. Source: ${escapeHtml(source)}. Days are UTC.</p>
<div class="kpis">
${kpi('People reached', figures.peopleReached)}
${kpi('Texts in', figures.texts)}
${kpi('Calls', figures.calls)}
${kpi('Texts understood', percent(figures.understoodShare))}
${kpi('Could not place', figures.couldNotPlace)}
${kpi('Crisis replies sent', figures.crisisReplies)}
${kpi('Opt-ins', figures.optIns)}
${kpi('Opt-outs', figures.optOuts)}
${kpi('Erasures', figures.erasures)}
${kpi('Exports', figures.exports)}
</div>
${lineChart(figures)}
${barChart('People reached, by first contact', figures.peopleByChannel)}
${barChart('Topics read by text', figures.topics)}
${barChart('Texts by language', figures.languages)}
${barChart('Texts by region', figures.regions)}
${barChart('Texts by what they were understood as', figures.layers)}
${barChart('Reminders and their outcomes', figures.reminders)}
${barChart('Delivery statuses', figures.deliveries)}
${barChart('Text-me-this by outcome', figures.textMeThis)}
<p class="note">People reached counts first contacts: a number's first text to the line, and each call answered (calls are not tied to a number, so a caller who calls twice counts twice).</p>
</body></html>
`;
}

const csvCell = (value: string | number) => {
  const text = String(value);
  // A leading = + - @ would be a formula in a spreadsheet: quoted and prefixed.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** One row per figure: section, label, value (then the daily lines). */
export function renderCsv(figures: UsageFigures): string {
  const rows: (string | number)[][] = [['section', 'label', 'value']];
  rows.push(['total', 'people reached', figures.peopleReached]);
  rows.push(['total', 'texts in', figures.texts]);
  rows.push(['total', 'calls', figures.calls]);
  rows.push([
    'total',
    'share of texts understood',
    figures.understoodShare === undefined ? '' : figures.understoodShare.toFixed(4),
  ]);
  rows.push(['total', 'could not place', figures.couldNotPlace]);
  rows.push(['total', 'crisis replies', figures.crisisReplies]);
  rows.push(['total', 'opt-ins', figures.optIns]);
  rows.push(['total', 'opt-outs', figures.optOuts]);
  rows.push(['total', 'erasures', figures.erasures]);
  rows.push(['total', 'exports', figures.exports]);
  const add = (section: string, breakdown: Breakdown) => {
    for (const row of breakdown) rows.push([section, row.label, row.value]);
  };
  add('people reached by channel', figures.peopleByChannel);
  add('topic', figures.topics);
  add('language', figures.languages);
  add('region', figures.regions);
  add('understood as', figures.layers);
  add('reminder outcome', figures.reminders);
  add('delivery status', figures.deliveries);
  add('text-me-this', figures.textMeThis);
  for (const day of figures.daily) {
    rows.push(
      ['day texts', day.day, day.texts],
      ['day calls', day.day, day.calls],
      ['day people reached', day.day, day.people],
    );
  }
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}
