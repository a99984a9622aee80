import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { checkImports, checkTree, folderEdges, folderLoops, importsOf, readSources } from '../../../scripts/import-layers.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('the import parser', () => {
  test('GIVEN every form of import THEN each specifier is found on its own line, and imports inside comments are not', () => {
    const source = [
      "import { a } from './a.ts';",
      "import type { B } from '../b/b.ts';",
      "export * from './c.ts';",
      "export { d } from \"./d.ts\";",
      "import './e.ts';",
      "const f = await import('./f.ts');",
      "vi.mock('./g.ts');",
      '/** @example import { h } from "./h.ts" */',
      "// import { i } from './i.ts';",
      "const url = 'http://example.com/x'; import {",
      "  j,",
      "} from './j.ts';",
    ].join('\n');
    expect(importsOf(source)).toStrictEqual([
      { specifier: './a.ts', line: 1 },
      { specifier: '../b/b.ts', line: 2 },
      { specifier: './c.ts', line: 3 },
      { specifier: './d.ts', line: 4 },
      { specifier: './e.ts', line: 5 },
      { specifier: './f.ts', line: 6 },
      { specifier: './g.ts', line: 7 },
      { specifier: './j.ts', line: 12 },
    ]);
  });
});

describe('the layering rule', () => {
  test.each([
    ['models/scorer.ts', "import { x } from '../cli/options.ts';", 'only bin/ may import cli/ (models/ does)'],
    ['worker/handler.ts', "import type { R } from '../cli/subcommands/complete-command.ts';", 'only bin/ may import cli/ (worker/ does)'],
    ['queue/types.ts', "import type { B } from '../bot/bot-config.ts';", 'queue/ (layer 5) may not import bot/ (layer 7): imports point down'],
    ['reports/r.ts', "const w = await import('../worker/worker-service.ts');", 'reports/ (layer 4) may not import worker/ (layer 6): imports point down'],
    ['models/m.ts', "import type { T } from '../tasks/task-types.ts';", 'models/ (layer 1) may not import tasks/ (layer 2): imports point down'],
    ['web/page.ts', "import { s } from '../bot/task-submission.ts';", 'web/ (layer 6) may not import bot/ (layer 7): imports point down'],
    ['worker/w.ts', "import { p } from '../web/web-server.ts';", 'worker/ and web/ are side by side (layer 6): neither imports the other'],
    ['bot/b.ts', "import { f } from '../test/helpers/fixture-model.ts';", 'test/ is a tool folder: bot/ may not import it'],
    ['bot/b.ts', "import { n } from '../newfolder/n.ts';", 'newfolder/ has no layer in ARCHITECTURE.md (scripts/import-layers.ts LAYERS)'],
  ])('GIVEN %s importing upward or sideways THEN the checker names the file, the line and the rule', (file, source, reason) => {
    const [violation] = checkImports([{ path: file, source: `\n${source}\n` }]);
    expect(violation).toMatchObject({ file, line: 2, reason });
  });

  test.each([
    ['bin/hunt.mjs', "await import('../cli/main.ts'); await import('../dist/cli/main.js');"],
    ['cli/subcommands/bot-command.ts', "import { runBot } from '../../bot/run-bot.ts';"],
    ['commands/score.ts', "import { s } from '../bot/slash-command.ts';"],
    ['worker/w.ts', "import { c } from '../reports/complete-report.ts'; import { q } from '../queue/job-schemas.ts';"],
    ['tasks/t.ts', "import { e } from '../common/errors.ts'; import { z } from 'zod'; import { x } from './x.ts';"],
    ['test/unit/any.test.ts', "import { c } from '../../cli/main.ts';"],
    ['vitest.config.ts', "import { x } from './cli/main.ts';"],
  ])('GIVEN %s importing down the layers (or a tool, or a package) THEN nothing is reported', (file, source) => {
    expect(checkImports([{ path: file, source }])).toStrictEqual([]);
  });
});

describe('the repository', () => {
  let planted: string | undefined;
  afterEach(() => {
    if (planted) rmSync(planted, { recursive: true, force: true });
    planted = undefined;
  });

  test('GIVEN a tree with a planted core file that imports the CLI THEN checkTree reports exactly that import', () => {
    planted = mkdtempSync(path.join(tmpdir(), 'hunt-layers-'));
    mkdirSync(path.join(planted, 'models'));
    mkdirSync(path.join(planted, 'cli'));
    writeFileSync(path.join(planted, 'cli', 'options.ts'), "import { e } from '../models/engine.ts';\nexport const o = e;\n");
    writeFileSync(path.join(planted, 'models', 'engine.ts'), "// a comment\nimport { o } from '../cli/options.ts';\nexport const e = o;\n");
    expect(checkTree(planted)).toStrictEqual([
      { file: 'models/engine.ts', line: 2, specifier: '../cli/options.ts', target: 'cli/options.ts', reason: 'only bin/ may import cli/ (models/ does)' },
    ]);
  });

  test('GIVEN this repository THEN no import runs up or sideways between layers', () => {
    const violations = checkTree(REPO).map((v) => `${v.file}:${v.line} imports ${v.specifier}: ${v.reason}`);
    expect(violations).toStrictEqual([]);
  });

  test('GIVEN folders that import each other in a ring THEN folderLoops finds the ring, and this repository has none', () => {
    const ring = new Map([['a -> b', 1], ['b -> c', 2], ['c -> a', 1], ['c -> d', 1]]);
    expect(folderLoops(ring)).toStrictEqual([['a', 'b', 'c']]);
    const application = readSources(REPO).filter((f) => !/^(test|bench|scripts)\//.test(f.path));
    expect(folderLoops(folderEdges(application))).toStrictEqual([]);
  });
});
