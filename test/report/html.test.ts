import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../src/evaluate/report-types.js';
import { escapeXml } from '../../src/report/charts.js';
import { renderReportHtml } from '../../src/report/html.js';
import { smallReport } from '../support/report-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`html report: skipping the browser test: ${CHROMIUM} is missing (apt-get install -y chromium).`);

let report: EvaluationReport;
let html: string;
beforeAll(async () => {
  const base = await smallReport();
  // A GAN-like training history: epoch, two losses and a speed of a very different scale.
  const history = Array.from({ length: 20 }, (_, i) => ({ epoch: i + 1, loss_g: 1.2 - i * 0.05, loss_d: -0.01 * i, 'rows/s': 9000 + 40 * i }));
  report = { ...base, synthesizers: base.synthesizers.map((s) => ({ ...s, history })) };
  html = renderReportHtml(report);
});

describe('renderReportHtml (static checks)', () => {
  it('is self-contained: no scripts, no external resources', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    // The only URL allowed is the SVG namespace identifier.
    const urls = html.match(/https?:\/\/[^\s"')]+/g) ?? [];
    expect(urls.every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true);
  });
  it('escapes the dataset name', () => {
    expect(html).toContain('toy &lt;blobs&gt; &amp; &quot;quotes&quot;');
    expect(html).not.toContain('<blobs>');
  });
  it('states every verdict once, in the table (not again as sentences)', () => {
    for (const v of report.verdicts) expect(html).toContain(v.kind);
    for (const v of report.verdicts) expect(html).not.toContain(escapeXml(v.statement));
    expect(report.verdicts.length).toBeGreaterThan(0);
  });
  it('puts the recommendation first, then the ranking', () => {
    const firstH2 = html.indexOf('<h2>');
    expect(html.slice(firstH2, firstH2 + 30)).toBe('<h2>Recommendation</h2><p clas');
    expect(html).toContain(escapeXml(report.recommendation.statement));
    expect(html.indexOf('Recommendation')).toBeLessThan(html.indexOf('Ranking on'));
    expect(html.indexOf('Ranking on')).toBeLessThan(html.indexOf('Verdict on'));
  });
  it('opens every synthesizer section', () => {
    expect(html.match(/<details open><summary>spy: training history/g)).toHaveLength(1);
    expect(html).not.toMatch(/<details><summary>/);
  });
});

describe.skipIf(!hasChromium)('HTML report in headless Chromium', () => {
  it('renders with charts and no console errors or network requests', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gan-augment-report-'));
    const file = join(dir, 'report.html');
    await writeFile(file, html);
    // A fresh profile folder per run (playwright passes it as --user-data-dir).
    const browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(`file://${file}`);
      expect(await page.title()).toContain('gan-augment evaluation');
      const svgs = await page.locator('svg').count();
      // 3 metric charts + spy's 3 history charts + one histogram per feature column (a, b, colour)
      expect(svgs).toBe(3 + 3 + 3);
      // The first bar is laid out with a real height on screen.
      const box = await page.locator('svg').first().locator('rect').first().boundingBox();
      expect(box?.height ?? 0).toBeGreaterThan(10);
      const text = await page.locator('body').innerText();
      expect(text).toMatch(/Verdict on minority F1/);
      // The recommendation is visible without scrolling.
      const rec = page.locator('#recommendation');
      expect(await rec.isVisible()).toBe(true);
      expect(await rec.innerText()).toContain(report.recommendation.statement);
      const recBox = await rec.boundingBox();
      expect((recBox?.y ?? 1e9) + (recBox?.height ?? 0)).toBeLessThan(page.viewportSize()?.height ?? 720);
      // One history chart per quantity, each on its own axis: the losses' ticks stay small, rows/s' are large.
      const history = page.locator('svg[aria-label^="spy training history: "]');
      expect(await history.count()).toBe(3);
      const ticksOf = async (quantity: string): Promise<number[]> =>
        (await page.locator(`svg[aria-label="spy training history: ${quantity}"] text.tick`).allInnerTexts()).map(Number).filter(Number.isFinite);
      expect(await page.locator('svg[aria-label="spy training history: epoch"]').count()).toBe(0);
      expect(Math.max(...(await ticksOf('loss_g')))).toBeLessThan(2);
      expect(Math.min(...(await ticksOf('rows/s')))).toBeGreaterThan(8000);
      expect((await history.first().boundingBox())?.height ?? 0).toBeGreaterThan(100); // open, laid out
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    } finally {
      await browser.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
