/**
 * `npm run content:review -- <topic> <language> --role "<role>"`: records that someone in
 * that role (never a name) has reviewed the current text of a topic, or of a fixed file
 * (messages, checklist, reminders, voice), in one language. It writes the role, today's date,
 * the hash of the text as it is now and the date the review lapses into content/reviews.yaml;
 * the linter then fails as soon as that text changes, until it is reviewed again.
 *
 * Options: --next YYYY-MM-DD (when the sign-off lapses; default a year on), --date YYYY-MM-DD
 * (the day of the review, when it is recorded later; default today).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { type Content, isLanguage, LANGUAGES } from '../functions/core/content-model.js';
import { CONTENT_DIR, loadContentFromYaml } from './build.js';
import { REVIEWS_FILE, ReviewsSchema, reviewHash, reviewUnits } from './review-files.js';

export class ReviewCommandError extends Error {}

const USAGE =
  'usage: npm run content:review -- <topic> <language> --role "<role>" [--next YYYY-MM-DD] [--date YYYY-MM-DD]';

const Day = z.iso.date();

export type ReviewCommand = {
  unit: string;
  language: (typeof LANGUAGES)[number];
  role: string;
  date: string;
  next: string;
};

/** A year after `day` (YYYY-MM-DD); 29 February moves to 28 February. */
function yearAfter(day: string): string {
  const [year, month, date] = day.split('-');
  const next = `${Number(year) + 1}-${month}-${month === '02' && date === '29' ? '28' : date}`;
  return next;
}

/** Reads and checks the command line against the content as it is now. */
export function parseReviewCommand(argv: string[], content: Content, today: string): ReviewCommand {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { role: { type: 'string' }, next: { type: 'string' }, date: { type: 'string' } },
    });
  } catch (error) {
    throw new ReviewCommandError(`${(error as Error).message}\n${USAGE}`);
  }
  const [unit, language, ...rest] = parsed.positionals;
  if (unit === undefined || language === undefined || rest.length > 0) throw new ReviewCommandError(USAGE);
  if (!isLanguage(language) || content.languages[language] === undefined) {
    const known = LANGUAGES.filter((code) => content.languages[code] !== undefined).join(', ');
    throw new ReviewCommandError(`unknown language "${language}": one of ${known}\n${USAGE}`);
  }
  const units = reviewUnits(content, language);
  if (!units.includes(unit)) {
    throw new ReviewCommandError(`unknown topic "${unit}": one of ${units.join(', ')}\n${USAGE}`);
  }
  const role = typeof parsed.values.role === 'string' ? parsed.values.role.trim() : '';
  if (role === '') {
    throw new ReviewCommandError(
      `--role is required: the reviewer's role, not their name (e.g. "oncology nurse")\n${USAGE}`,
    );
  }
  if (role.length > 80 || /[\n\r]/.test(role)) {
    throw new ReviewCommandError(
      '--role is one line of at most 80 characters, e.g. "Spanish medical translator"',
    );
  }
  const date = typeof parsed.values.date === 'string' ? parsed.values.date : today;
  if (!Day.safeParse(date).success)
    throw new ReviewCommandError(`--date must be a day such as 2026-12-03, not "${date}"`);
  if (date > today) throw new ReviewCommandError(`--date ${date} is in the future`);
  const next = typeof parsed.values.next === 'string' ? parsed.values.next : yearAfter(date);
  if (!Day.safeParse(next).success)
    throw new ReviewCommandError(`--next must be a day such as 2027-12-03, not "${next}"`);
  if (next <= today) throw new ReviewCommandError(`--next ${next} must be after today (${today})`);
  return { unit, language, role, date, next };
}

/** The reviews file with this review recorded; comments and the order of entries are kept. */
export function recordReview(reviewsYaml: string, content: Content, command: ReviewCommand): string {
  const document = parseDocument(reviewsYaml);
  const checked = ReviewsSchema.safeParse(document.toJS());
  if (!checked.success)
    throw new ReviewCommandError(`${REVIEWS_FILE} is not valid:\n${z.prettifyError(checked.error)}`);
  const hash = reviewHash(content, command.language, command.unit);
  if (hash === undefined) throw new ReviewCommandError(`unknown topic "${command.unit}"`);
  const review = document.createNode({
    role: command.role,
    date: command.date,
    hash,
    nextReview: command.next,
  });
  review.flow = true;
  document.setIn([command.language, command.unit], review);
  return document.toString({ lineWidth: 0 });
}

export function runReviewCommand(
  argv: string[],
  dir = CONTENT_DIR,
  today = new Date().toISOString().slice(0, 10),
) {
  const content = loadContentFromYaml(dir);
  const command = parseReviewCommand(argv, content, today);
  const file = join(dir, REVIEWS_FILE);
  writeFileSync(file, recordReview(readFileSync(file, 'utf8'), content, command));
  return command;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const command = runReviewCommand(process.argv.slice(2));
    console.log(
      `recorded: ${command.language}/${command.unit} reviewed ${command.date} by ${command.role}, next review ${command.next} (${REVIEWS_FILE})`,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
