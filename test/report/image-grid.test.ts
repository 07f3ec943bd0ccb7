import { beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../plugins/index.js';
import type { Dataset } from '../../src/contracts.js';
import type { EvaluationReport } from '../../src/evaluate/report-types.js';
import { runEvaluation } from '../../src/evaluate/run.js';
import { decodePng } from '../../src/image/png.js';
import { renderReportHtml } from '../../src/report/html.js';
import { smallReport } from '../support/report-fixture.js';

/** 8x8 grey images: class 'a' (30 rows) is bright in its top half, class 'b' (10 rows) in its bottom half. */
function images(): Dataset {
  const labels = Int32Array.from({ length: 40 }, (_, i) => (i < 30 ? 0 : 1));
  const pixels = new Float32Array(40 * 64);
  labels.forEach((c, row) => {
    for (let y = 0; y < 8; y++) {
      const bright = c === 0 ? y < 4 : y >= 4;
      // A little per-row variation so no two images are identical.
      for (let x = 0; x < 8; x++) pixels[row * 64 + y * 8 + x] = bright ? 0.8 + (row % 5) * 0.04 : 0;
    }
  });
  return { features: [{ kind: 'image', name: 'pixels', pixels, shape: [8, 8, 1] }], labels, classes: ['a', 'b'], rowCount: 40 };
}

const IMG = /<img src="data:image\/png;base64,([A-Za-z0-9+/=]+)"/g;

describe('HTML report: image grids for an image dataset', () => {
  let report: EvaluationReport;
  let html: string;
  beforeAll(async () => {
    registerBuiltins();
    report = await runEvaluation(images(), { folds: 2, repeats: 1, seed: 1, methods: ['none', 'random'], classifiers: ['logistic'], datasetName: 'tiny images' });
    html = renderReportHtml(report);
  }, 60_000);

  it('keeps a small real and synthetic sample of the generated classes in the report', () => {
    const samples = report.synthesizers.find((s) => s.method === 'random')?.imageSamples;
    expect(samples?.classes).toEqual(['b']);
    expect(samples?.column).toBe('pixels');
    // The report stays plain JSON.
    expect(JSON.parse(JSON.stringify(report)).synthesizers[0].imageSamples.realPng).toBe(samples?.realPng);
  });

  it('embeds real and generated grids as PNG data URIs of the right size and content', () => {
    expect(html).toContain('Images: real vs generated');
    const pngs = [...html.matchAll(IMG)].map((m) => decodePng(Buffer.from(m[1]!, 'base64')));
    expect(pngs).toHaveLength(2);
    for (const png of pngs) {
      // One class row ('b') of 10 cells of 8x8 with 2 px padding, grey.
      expect([png.height, png.width, png.channels]).toEqual([1 * 10 + 2, 10 * 10 + 2, 1]);
      const at = (y: number, x: number): number => png.rgba[4 * (y * png.width + x)]!;
      expect(at(2, 2)).toBe(0); // top half of a 'b' image: dark
      expect(at(2 + 6, 2)).toBeGreaterThan(190); // bottom half: bright
      expect(at(0, 0)).toBe(128); // padding
    }
  });

  it('shows no image section for a dataset without images', async () => {
    const plain = renderReportHtml(await smallReport());
    expect(plain).not.toContain('<img');
    expect(plain).not.toContain('Images: real vs generated');
  });
});
