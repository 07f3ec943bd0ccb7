import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../src/evaluate/report-types.js';
import { renderReportHtml } from '../../src/report/html.js';
import { smallReport } from '../support/report-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`html report: skipping the browser test: ${CHROMIUM} is missing (apt-get install -y chromium).`);

let report: EvaluationReport;
let html: string;
beforeAll(async () => {
  report = await smallReport();
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
  it('states every verdict', () => {
    for (const v of report.verdicts) expect(html).toContain(v.kind);
    expect(report.verdicts.length).toBeGreaterThan(0);
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
      // 3 metric charts + spy's loss curve + one histogram per feature column (a, b, colour)
      expect(svgs).toBeGreaterThanOrEqual(3 + 1 + 3);
      // The first bar is laid out with a real height on screen.
      const box = await page.locator('svg').first().locator('rect').first().boundingBox();
      expect(box?.height ?? 0).toBeGreaterThan(10);
      const text = await page.locator('body').innerText();
      expect(text).toMatch(/Verdict on minority F1/);
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    } finally {
      await browser.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
