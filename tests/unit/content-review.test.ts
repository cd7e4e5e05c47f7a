import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONTENT_DIR } from '../../content/build.js';
import {
  parseReviewCommand,
  ReviewCommandError,
  recordReview,
  runReviewCommand,
} from '../../content/review.js';
import {
  loadReviewFiles,
  NOT_YET_REVIEWED,
  REVIEWS_FILE,
  ReviewsSchema,
  reviewHash,
  reviewState,
} from '../../content/review-files.js';
import { content } from '../fixtures/content.js';

const TODAY = '2026-12-03';
const shipped = readFileSync(join(CONTENT_DIR, REVIEWS_FILE), 'utf8');

describe('the reviews file as shipped', () => {
  it('records no review: every topic and file, in both languages, is "not yet reviewed"', () => {
    const reviews = ReviewsSchema.parse(parse(shipped));
    for (const language of ['en', 'es'] as const) {
      const units = Object.keys(reviews[language]);
      expect(units).toEqual(expect.arrayContaining(['what-is', 'support', 'messages', 'voice']));
      expect(Object.values(reviews[language]).every((entry) => entry === NOT_YET_REVIEWED)).toBe(true);
    }
  });
});

describe('npm run content:review', () => {
  it.each([
    [[], 'usage: npm run content:review'],
    [['records'], 'usage'],
    [['records', 'en', 'extra', '--role', 'nurse'], 'usage'],
    [['recordz', 'en', '--role', 'oncology nurse'], 'unknown topic "recordz": one of what-is'],
    [['records', 'fr', '--role', 'oncology nurse'], 'unknown language "fr": one of en, es'],
    [['records', 'en'], '--role is required'],
    [['records', 'en', '--role', '   '], '--role is required'],
    [['records', 'en', '--role', 'nurse', '--date', '3/12/2026'], '--date must be a day'],
    [['records', 'en', '--role', 'nurse', '--date', '2099-01-01'], 'is in the future'],
    [['records', 'en', '--role', 'nurse', '--next', '2026-12-01'], 'must be after today'],
    [['records', 'en', '--role', 'nurse', '--reviewer', 'Jane'], "Unknown option '--reviewer'"],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseReviewCommand(argv, content, TODAY)).toThrow(ReviewCommandError);
    expect(() => parseReviewCommand(argv, content, TODAY)).toThrow(message);
  });

  it('reads a review, a year by default', () => {
    expect(
      parseReviewCommand(['records', 'es', '--role', 'Spanish medical translator'], content, TODAY),
    ).toEqual({
      unit: 'records',
      language: 'es',
      role: 'Spanish medical translator',
      date: TODAY,
      next: '2027-12-03',
    });
  });

  it('records the hash of the text as it is, keeps the comments and every other entry', () => {
    const command = parseReviewCommand(['records', 'en', '--role', 'oncology nurse'], content, TODAY);
    const written = recordReview(shipped, content, command);
    expect(written.startsWith(shipped.split('\n')[0] ?? '')).toBe(true);
    expect(written).toContain('# Who reviewed which text');
    const reviews = ReviewsSchema.parse(parse(written));
    expect(reviews.en.records).toEqual({
      role: 'oncology nurse',
      date: TODAY,
      hash: reviewHash(content, 'en', 'records'),
      nextReview: '2027-12-03',
    });
    expect(reviews.es.records).toBe(NOT_YET_REVIEWED);
    expect(reviews.en['what-is']).toBe(NOT_YET_REVIEWED);
    expect(reviewState(content, reviews, 'en', 'records', TODAY).kind).toBe('reviewed');
  });

  describe('on a copy of the content folder', () => {
    let dir = '';
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const copyContent = () => {
      dir = mkdtempSync(join(tmpdir(), 'content-'));
      cpSync(CONTENT_DIR, dir, { recursive: true, filter: (source) => !source.includes('dist') });
      return dir;
    };

    it('writes the review into reviews.yaml', () => {
      const folder = copyContent();
      runReviewCommand(['messages', 'es', '--role', 'Spanish medical translator'], folder, TODAY);
      const { reviews } = loadReviewFiles(folder);
      expect(reviews.es.messages).toMatchObject({ role: 'Spanish medical translator', date: TODAY });
    });

    it('as a command: a bad argument exits 1 with the message, and writes nothing', () => {
      const folder = copyContent();
      const before = readFileSync(join(folder, REVIEWS_FILE), 'utf8');
      const result = spawnSync(
        join('node_modules', '.bin', 'tsx'),
        ['content/review.ts', 'nonsense', 'en', '--role', 'x'],
        {
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('unknown topic "nonsense"');
      expect(readFileSync(join(folder, REVIEWS_FILE), 'utf8')).toBe(before);
      expect(readFileSync(join(CONTENT_DIR, REVIEWS_FILE), 'utf8')).toBe(shipped);
    });
  });
});
