import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Line, startLine } from '../integration/line-harness.js';

/**
 * The phone simulator in a real browser (Debian's chromium, driven by playwright-core): the
 * page at `/` of the line as `npm start` serves it, a full journey through the signed webhooks
 * and the reminder sweep, and screenshots in tests/e2e/output/.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasBrowser = existsSync(CHROMIUM);
/** `npm run test:e2e` sets this: there, a missing browser fails instead of skipping. */
const browserRequired = process.env.E2E_REQUIRE_BROWSER === '1';
const OUTPUT = join(import.meta.dirname, 'output');
/** `UPDATE_DOCS_SCREENSHOT=1 npm run test:e2e` also refreshes the README's screenshot. */
const DOCS_SCREENSHOT = join(import.meta.dirname, '..', '..', 'docs', 'simulator.png');

const UK_PHONE = '+447400123456';
const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a reply, a call step or an outbox poll (every 2 s) may take to show. */
const SHOWS_WITHIN = { timeout: 10_000 };

if (!hasBrowser && !browserRequired) {
  console.warn(
    `\n[e2e] Skipping the phone simulator's browser journey: no Chromium at ${CHROMIUM}.\n` +
      '      Install it (apt-get install chromium) or set CHROMIUM_PATH, then run npm run test:e2e.\n',
  );
}

const title =
  hasBrowser || browserRequired
    ? 'phone simulator in a real browser'
    : `phone simulator in a real browser (skipped: no Chromium at ${CHROMIUM}; npm run test:e2e needs one)`;

describe.skipIf(!hasBrowser && !browserRequired)(title, () => {
  let line: Line;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!hasBrowser)
      throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
    mkdirSync(OUTPUT, { recursive: true });
    line = await startLine();
    // launch() gives every run a fresh temporary profile; the flags keep Chromium off the network.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'UTC',
      locale: 'en-GB',
      // Instant scrolling, so screenshots show the end of the thread.
      reducedMotion: 'reduce',
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(`${line.baseUrl}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await line?.close();
  });

  const thread = () => page.locator('#thread');
  const fromLine = (text: string | RegExp) => thread().locator('li.from-line', { hasText: text });
  const transcript = () => page.locator('#transcript');
  const said = (text: string | RegExp) => transcript().locator('li.from-line', { hasText: text });
  const key = (name: string) =>
    page.getByRole('group', { name: 'Keypad' }).getByRole('button', { name, exact: true });

  /** Types a text and sends it with Enter, as a keyboard user would. */
  async function text(body: string) {
    await page.getByLabel('Text message to the line').fill(body);
    await page.getByLabel('Text message to the line').press('Enter');
    await expect.poll(() => thread().locator('li.from-me').last().textContent()).toBe(`You: ${body}`);
  }

  it('serves the page from the line itself, with nothing from elsewhere', async () => {
    expect(await page.title()).toBe('Phone simulator · Second Opinion Line');
    const response = await page.request.get(`${line.baseUrl}/`);
    expect(response.headers()['content-security-policy']).toContain("default-src 'self'");
    expect(await page.getByRole('link', { name: 'Content report' }).getAttribute('href')).toBe('/content');
    expect(await page.getByLabel("This phone's number").inputValue()).toBe(UK_PHONE);
  });

  it('texts START and a topic, and shows the replies on the left', async () => {
    await text('START');
    await fromLine("you're in").waitFor(SHOWS_WITHIN);
    await text('MENU');
    await fromLine('Reply a number or word').waitFor(SHOWS_WITHIN);
    await text('6');
    await fromLine('your medical information is sent').waitFor(SHOWS_WITHIN);
  });

  it('sets an appointment about ten days ahead and confirms it with YES', async () => {
    await text(`APPT ${appointmentDay().words} 10:30`);
    await fromLine('Reply YES to confirm').waitFor(SHOWS_WITHIN);
    await text('YES');
    await fromLine('Your appointment is set for').waitFor(SHOWS_WITHIN);
  });

  it('moves the clock to a week before the appointment, and the reminder arrives in the thread', async () => {
    // 12:00 UTC is after the 10:00 London send time, in winter and in summer.
    const weekBefore = new Date(appointmentDay().utcNoon.getTime() - 7 * DAY_MS);
    await page.getByLabel(/Date and time/).fill(weekBefore.toISOString().slice(0, 16));
    await page.getByRole('button', { name: 'Run the sweep' }).click();
    const summary = page.locator('#sweep-result');
    await summary.getByText('Swept as at').waitFor(SHOWS_WITHIN);
    expect(
      await summary
        .locator('dt', { hasText: /^sent$/ })
        .first()
        .locator('+ dd')
        .textContent(),
    ).toBe('1');
    await thread()
      .locator('li.pushed', { hasText: 'Second Opinion Line: your appointment is' })
      .waitFor(SHOWS_WITHIN);
    // The README's picture: both sides of the thread, the reminder, and the sweep's summary.
    await page.screenshot({ path: join(OUTPUT, 'simulator.png') });
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1')
      copyFileSync(join(OUTPUT, 'simulator.png'), DOCS_SCREENSHOT);
  });

  it('calls the line, picks a topic with the keypad, and has it texted with "text me this"', async () => {
    await page.getByRole('tab', { name: 'Call' }).click();
    await page.getByRole('button', { name: 'Call the line' }).click();
    // The line speaks English and Spanish: it asks first, and 1 is English.
    await said('Para español, oprima 2.').waitFor(SHOWS_WITHIN);
    await key('1').click();
    await said('Welcome to the Second Opinion Line').waitFor(SHOWS_WITHIN);
    await page.getByRole('status').filter({ hasText: 'Listening' }).waitFor(SHOWS_WITHIN);
    // Silence at a Gather: the page follows the <Redirect>, and the line asks again.
    await page.getByRole('button', { name: 'Stay silent' }).click();
    await expect.poll(() => said('To talk to a person, press 0.').count(), SHOWS_WITHIN).toBe(2);

    await key('2').click();
    await said('For what records to gather, press 2.').waitFor(SHOWS_WITHIN);
    await key('2').click();
    await said(/^What records to gather\./).waitFor(SHOWS_WITHIN);
    await key('3').click();
    await said('To confirm, press 1.').waitFor(SHOWS_WITHIN);
    await key('1').click();
    await said('If this number can get texts from us, they will arrive in a minute.').waitFor(SHOWS_WITHIN);
    await page.screenshot({ path: join(OUTPUT, 'simulator-call.png') });

    await page.getByRole('button', { name: 'Hang up' }).click();
    expect(await page.locator('#call-status').textContent()).toContain('You hung up.');
    await page.getByRole('tab', { name: 'Messages' }).click();
    await thread().locator('li.pushed', { hasText: 'Second Opinion Line, 1 of' }).waitFor(SHOWS_WITHIN);
  });

  it('calls again and asks for a topic in words, through the speech box', async () => {
    await page.getByRole('tab', { name: 'Call' }).click();
    await page.getByRole('button', { name: 'Call the line' }).click();
    await said('Para español, oprima 2.').waitFor(SHOWS_WITHIN);
    await key('1').click();
    await said('Welcome to the Second Opinion Line').waitFor(SHOWS_WITHIN);
    await page.getByRole('status').filter({ hasText: 'Listening' }).waitFor(SHOWS_WITHIN);
    await page.getByLabel('Or say something').fill('where can I find support');
    await page.getByLabel('Or say something').press('Enter');
    await said(/^Where to find support\./).waitFor(SHOWS_WITHIN);
    await page.getByRole('button', { name: 'Hang up' }).click();
    await page.getByRole('tab', { name: 'Messages' }).click();
  });

  it('transfers to a person with <Dial>, keys typed on the keyboard, and comes back when nobody answers', async () => {
    // In support hours (Friday noon in London), with a UK support line to dial.
    const open = await startLine({
      clock: { now: () => new Date('2026-11-20T12:00:00Z') },
      env: { SUPPORT_LINE_UK: '+442079460750' },
    });
    const other = await context.newPage();
    try {
      other.on('pageerror', (error) => pageErrors.push(error.message));
      await other.goto(`${open.baseUrl}/`);
      await other.getByRole('tab', { name: 'Call' }).click();
      await other.getByRole('button', { name: 'Call the line' }).press('Enter');
      await other.locator('#transcript li', { hasText: 'Para español, oprima 2.' }).waitFor(SHOWS_WITHIN);
      await other.keyboard.press('1');
      await other
        .locator('#transcript li', { hasText: 'To talk to a person, press 0.' })
        .waitFor(SHOWS_WITHIN);
      await other.keyboard.press('0');
      await other
        .locator('#transcript li', { hasText: 'Transferring to +442079460750' })
        .waitFor(SHOWS_WITHIN);
      await other.getByRole('button', { name: 'Nobody answers' }).click();
      await other
        .locator('#transcript li', { hasText: 'Sorry, nobody could answer just now.' })
        .waitFor(SHOWS_WITHIN);
    } finally {
      await other.close();
      await open.close();
    }
  });

  it('counts a text and a call in the usage panel, live', async () => {
    const figure = async (name: string) =>
      Number(await page.locator(`#metrics-panel [data-metric="${name}"]`).textContent());
    const textsBefore = await figure('texts');
    const callsBefore = await figure('calls');
    expect(textsBefore).toBeGreaterThan(0);
    await text('MENU');
    await fromLine('Reply a number or word').last().waitFor(SHOWS_WITHIN);
    await expect.poll(() => figure('texts'), SHOWS_WITHIN).toBe(textsBefore + 1);

    await page.getByRole('tab', { name: 'Call' }).click();
    await page.getByRole('button', { name: 'Call the line' }).click();
    await said('Para español, oprima 2.').last().waitFor(SHOWS_WITHIN);
    await page.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => figure('calls'), SHOWS_WITHIN).toBe(callsBefore + 1);
    await page.getByRole('tab', { name: 'Messages' }).click();
  });

  it('fits a 360 px phone: nothing overflows sideways (screenshots of both views)', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(overflow).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(OUTPUT, 'simulator-phone.png') });
    await page.getByRole('tab', { name: 'Call' }).click();
    await page.screenshot({ path: join(OUTPUT, 'simulator-phone-call.png') });
    await page.getByRole('tab', { name: 'Messages' }).click();
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('has readable contrast (WCAG AA) for the thread, its tags and the tabs', async () => {
    const pairs = await page.evaluate<[string, string, string][]>(`[
      ['#thread li.from-me', 'li.from-me'],
      ['#thread li.from-line', 'li.from-line'],
      ['#thread li.pushed .tag', 'li.pushed'],
      ['[role=tab][aria-selected=false]', '.tabs'],
      ['.contact', '.screen'],
    ].map(([text, background]) => [
      text,
      getComputedStyle(document.querySelector(text)).color,
      getComputedStyle(document.querySelector(text).closest(background)).backgroundColor,
    ])`);
    for (const [selector, color, background] of pairs) {
      expect(contrast(color, background), `${selector}: ${color} on ${background}`).toBeGreaterThanOrEqual(
        4.5,
      );
    }
  });

  it('is keyboard usable: tab order follows the phone, Enter sends, and focus is visible', async () => {
    await page.reload();
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate<string>(
          "(() => { const e = document.activeElement; return e?.id || e?.textContent?.trim() || ''; })()",
        ),
      );
    }
    expect(order).toEqual(['Skip to the phone', 'number', 'tab-messages', 'thread', 'message', 'Send']);
    // The Send button, reached by keyboard, shows the focus ring.
    const ring = await page.evaluate<string>(
      '(() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + " " + s.outlineWidth; })()',
    );
    expect(ring).toBe('solid 3px');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('HELP');
    await page.keyboard.press('Enter');
    await fromLine('Second Opinion Line').last().waitFor(SHOWS_WITHIN);
  });

  it('logged no script errors and no blocked requests', () => {
    expect(pageErrors).toEqual([]);
  });
});

/** The appointment: ten days from now, as a London date ("3 Dec"), and that day at 12:00 UTC. */
function appointmentDay(): { words: string; utcNoon: Date } {
  const day = new Date(Date.now() + 10 * DAY_MS);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  }).formatToParts(day);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const numeric = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(day);
  return { words: `${part('day')} ${part('month')}`, utcNoon: new Date(`${numeric}T12:00:00Z`) };
}

/** WCAG contrast ratio of two computed colours (`rgb(r, g, b)`). */
function contrast(foreground: string, background: string): number {
  const luminance = (color: string) => {
    const [r = 0, g = 0, b = 0] = (color.match(/[\d.]+/g) ?? []).map(Number).map((value) => {
      const channel = value / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}
