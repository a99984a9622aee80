import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { staticImports } from '../../helpers/static-imports.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Packages a model command must not load before it runs: the catalog and its database
 * drivers (only --share needs them), the web server and charts, the queue, the logger, the
 * ONNX protobuf code (only a model's first load rewrites its graph), the download bar, and
 * transformers.js itself (loaded when the engine is, so `hunt complete --help` stays fast).
 */
const NOT_AT_START_UP = [
  '@electric-sql/pglite',
  'pg',
  'zod',
  'fastify',
  'echarts',
  '@napi-rs/canvas',
  'bullmq',
  'ioredis',
  'discord.js',
  'pino',
  'onnx-proto',
  'cli-progress',
  '@huggingface/transformers',
  'onnxruntime-node',
];

describe('what a model command loads at start-up', () => {
  test.each(['complete', 'score', 'tokens'])('GIVEN `hunt %s` THEN its static imports reach none of the catalog, web, queue, logger, protobuf or model packages', (name) => {
    const reached = staticImports(ROOT, `cli/subcommands/${name}-command.ts`);
    expect(reached.packages.filter((p) => NOT_AT_START_UP.includes(p))).toStrictEqual([]);
    expect(reached.files.filter((f) => /^(catalog|queue|worker|bot)\//.test(f))).toStrictEqual([]);
    expect(reached.packages).toContain('commander');
  });

  test('GIVEN `hunt worker` THEN its static imports leave out the database drivers, which only a worker with DATABASE_URL loads', () => {
    const { packages } = staticImports(ROOT, 'cli/subcommands/worker-command.ts');
    expect(packages.filter((p) => ['@electric-sql/pglite', 'pg'].includes(p))).toStrictEqual([]);
    expect(packages).toContain('bullmq');
  });

  test('GIVEN the module behind --share THEN the walk finds the catalog and its drivers (so the check above can fail)', () => {
    const reached = staticImports(ROOT, 'web/share-from-cli.ts');
    expect(reached.packages).toEqual(expect.arrayContaining(['@electric-sql/pglite', 'pg', 'zod']));
    expect(reached.files).toContain('catalog/open-catalog.ts');
  });

  test('GIVEN the transformers engine THEN it loads transformers.js and onnxruntime, but not the protobuf code only a first load\'s graph rewrite needs', () => {
    const { packages } = staticImports(ROOT, 'models/scoring-engine.ts');
    expect(packages).toEqual(expect.arrayContaining(['@huggingface/transformers', 'onnxruntime-node']));
    expect(packages).not.toContain('onnx-proto');
  });
});

describe('the static import walk', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hunt-imports-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('GIVEN multi-line imports, type-only imports, re-exports and dynamic imports THEN it follows what Node loads at start-up only', () => {
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(
      path.join(dir, 'entry.ts'),
      [
        "import {\n  one,\n  type Two,\n} from './sub/one.ts';",
        "import type { Schema } from 'zod';",
        "import type Big from 'onnx-proto';",
        "export { three } from './three.ts';",
        "import 'side-effect';",
        "const later = () => import('pg');",
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'sub', 'one.ts'), "import table from 'cli-table3/lib/x';\nimport scoped from '@scope/pkg/deep';\nimport os from 'node:os';\n");
    writeFileSync(path.join(dir, 'three.ts'), 'export const three = 3;\n');
    expect(staticImports(dir, 'entry.ts')).toStrictEqual({
      files: ['entry.ts', 'sub/one.ts', 'three.ts'],
      packages: ['@scope/pkg', 'cli-table3', 'side-effect'],
    });
  });
});
