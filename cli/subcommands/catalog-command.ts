import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { Command, Option } from 'commander';
import Table from 'cli-table3';
import { EXPORT_FORMATS, formatExport, formatOfFile, parseExport, type ExportFormat } from '../../catalog/catalog-export.ts';
import type { CatalogRecord } from '../../catalog/catalog-record.schema.ts';
import { parseCatalogRecords, type CatalogSummary } from '../../catalog/catalog-repository.ts';
import type { Reevaluation } from '../../catalog/reevaluate-records.ts';
import { EVAL_N_MAX } from '../flag-caps.ts';
import { InputError } from '../../common/errors.ts';
import { addDatabaseOptions, withCatalog, type CatalogCliOptions } from '../catalog-connection.ts';
import { checkOutputFile, writeOutputFile } from '../output-file.ts';
import { addModelOptions, wholeNumber, type ModelCliOptions } from '../options.ts';
import { createTaskProgress } from '../progress-bar.ts';

export function formatCatalogList(entries: CatalogSummary[], imported = false): string {
  if (entries.length === 0) {
    return imported ? 'No imported entries: hunt catalog import stores them here.' : 'The catalog is empty: tasks enter it when their net upvotes reach the threshold.';
  }
  const table = new Table({ head: ['#', 'task', 'title', 'submitter', 'votes', 'verdict', 'model', 'added'], style: { head: [], border: [], compact: true } });
  for (const e of entries) {
    table.push([String(e.task_id), e.slug, e.title ?? '', e.submitter, String(e.net_votes), e.verdict ?? '—', e.model_id ?? '—', e.added_at.toISOString().slice(0, 10)]);
  }
  return table.toString();
}

export function formatCatalogRecord(r: CatalogRecord): string {
  const lines = [
    `Task #${r.task_id} ${r.slug}${typeof r.definition.title === 'string' ? `: ${r.definition.title}` : ''}`,
    `Submitted by ${r.submitter} at ${r.submitted_at}${r.guild_id ? ` (guild ${r.guild_id}, channel ${r.channel_id}, message ${r.message_id})` : ''}`,
    r.provenance === 'imported'
      ? `Imported, not voted in here: the file said ${r.net_votes} net votes (threshold ${r.threshold}) at ${r.added_at}`
      : `In the catalog since ${r.added_at} with ${r.net_votes} net votes (threshold ${r.threshold})`,
  ];
  if (r.evaluation) {
    const e = r.evaluation;
    lines.push(`Evaluation #${e.id}: ${e.verdict} on ${e.model_id} (${e.model_revision}) at ${e.evaluated_at}`);
    if (e.computed_by) lines.push(`Computed by ${e.computed_by} with hunt ${e.tool_version ?? '?'}, seed ${e.seed ?? '?'}, n ${e.n ?? '?'}, weights sha256 ${e.model_file_hash ?? 'unknown'}`);
    lines.push(`Metrics: ${JSON.stringify(e.metrics)}`);
    if (e.claimed) lines.push(`Claimed by the imported file (not verified here): ${JSON.stringify(e.claimed)}`);
  } else {
    lines.push('Evaluation: none when it entered the catalog');
  }
  lines.push(`Definition: ${JSON.stringify(r.definition, null, 2)}`);
  return lines.join('\n');
}

/**
 * What an import did, in one line.
 *
 * @example formatImportSummary({ imported: 2, skipped: 1, reevaluated: 1, model: 'Xenova/gpt2' })
 * // 'imported 2 entries (1 re-evaluated on Xenova/gpt2, 1 unverified), skipped 1 already present: hunt catalog list --imported shows them'
 */
export function formatImportSummary(s: { imported: number; skipped: number; reevaluated: number; model?: string }): string {
  const kinds = [s.reevaluated ? `${s.reevaluated} re-evaluated on ${s.model}` : '', s.imported - s.reevaluated ? `${s.imported - s.reevaluated} unverified` : ''].filter(Boolean);
  const skipped = s.skipped ? `, skipped ${s.skipped} already present` : '';
  return `imported ${s.imported} entr${s.imported === 1 ? 'y' : 'ies'}${kinds.length ? ` (${kinds.join(', ')})` : ''}${skipped}${s.imported ? ': hunt catalog list --imported shows them' : ''}`;
}

/** `hunt catalog …`: read, export and import the shared behaviour catalog. */
export function catalogCommand(): Command {
  const catalog = new Command('catalog').description('list, show, export and import the shared catalog: the tasks the community voted in on Discord');

  const list = addDatabaseOptions(
    new Command('list')
      .description('list catalog entries, newest first')
      .option('--imported', 'list the entries hunt catalog import stored instead (not voted in here, kept out of the catalog)')
      .option('--json', 'print JSON'),
  );
  list.action((o: CatalogCliOptions & { json?: boolean; imported?: boolean }) =>
    withCatalog(o, async ({ repo }) => {
      const entries = await repo.list({ imported: o.imported });
      console.log(o.json ? JSON.stringify(entries, null, 2) : formatCatalogList(entries, o.imported));
    }),
  );

  const show = addDatabaseOptions(
    new Command('show')
      .description('show one entry: its task definition, votes and evaluation')
      .argument('<id>', 'the task number (the # column of hunt catalog list)', wholeNumber('id', 1))
      .option('--imported', 'show an imported entry (hunt catalog list --imported)')
      .option('--json', 'print JSON'),
  );
  show.action((id: number, o: CatalogCliOptions & { json?: boolean; imported?: boolean }) =>
    withCatalog(o, async ({ repo }) => {
      const record = await repo.show(id, { imported: o.imported });
      if (!record) {
        throw new InputError('not_found', o.imported ? `task #${id} is not an imported entry (hunt catalog list --imported shows them)` : `task #${id} is not in the catalog (hunt catalog list shows what is; --imported shows imported entries)`);
      }
      console.log(o.json ? JSON.stringify(record, null, 2) : formatCatalogRecord(record));
    }),
  );

  const exportCmd = addDatabaseOptions(
    new Command('export')
      .description('write every entry: jsonl and csv import back, md is a table for reading')
      .addOption(new Option('--format <format>', 'output format').choices([...EXPORT_FORMATS]).default('jsonl'))
      .option('-o, --out <file>', 'write to a file instead of stdout')
      .option('--imported', 'write the imported entries instead (hunt catalog list --imported)'),
  );
  exportCmd.action((o: CatalogCliOptions & { format: ExportFormat; out?: string; imported?: boolean }) => {
    if (o.out) checkOutputFile('--out', o.out);
    return withCatalog(o, async ({ repo }) => {
      const text = formatExport(await repo.exportRecords({ imported: o.imported }), o.format);
      if (o.out) writeOutputFile('--out', o.out, text);
      else process.stdout.write(text);
    });
  });

  const importCmd = addDatabaseOptions(
    new Command('import')
      .description('load a jsonl or csv export as imported entries, apart from the catalog (ids kept; entries already present are skipped); their figures are stored as unverified claims unless --reevaluate')
      .argument('<file>', 'the export file')
      .addOption(new Option('--format <format>', 'file format (default: from the file name)').choices(['jsonl', 'csv']))
      .option('--reevaluate', 'evaluate each task on the local model and store our own figures (the claimed ones kept beside them)')
      .option('--n <count>', 'prompts per re-evaluation (default: the n each evaluation claims, else 200)', wholeNumber('n', 1, EVAL_N_MAX)),
  );
  addModelOptions(importCmd);
  importCmd.action((file: string, o: CatalogCliOptions & ModelCliOptions & { format?: ExportFormat; reevaluate?: boolean; n?: number }) => {
    if (!o.reevaluate) {
      // model flags without --reevaluate would be silently ignored: the import runs no model then
      const flag = (['n', 'model', 'dtype', 'device', 'cacheDir', 'threads', 'engine'] as const).find((k) => o[k] !== undefined);
      if (flag) throw new InputError('bad_option', `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} belongs to --reevaluate (run each task on a local model): add --reevaluate`);
    }
    // Read and parse first: a wrong file fails before any database is opened.
    const format = o.format ?? formatOfFile(file);
    if (!format) throw new InputError('bad_option', `cannot tell the format of ${file}: name it .jsonl or .csv, or pass --format`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new InputError(code === 'ENOENT' ? 'not_found' : 'bad_option', `cannot read ${file} (${code ?? (err as Error).message})`);
    }
    const records = parseCatalogRecords(parseExport(text, format));
    return (async () => {
      let reevaluated: Reevaluation | undefined;
      let model: string | undefined;
      if (o.reevaluate) {
        // the model runs before the database is opened: no transaction waits on it. Loaded here only, so that
        // `hunt catalog list` starts without the model libraries.
        const [{ loadEngine }, { reevaluateRecords }, { resolveEngineKind }] = await Promise.all([import('../load-engine.ts'), import('../../catalog/reevaluate-records.ts'), import('../../models/engine-kind.ts')]);
        // only what the import will store: entries already here are skipped, so they need no evaluation
        const present = await withCatalog(o, ({ repo }) => repo.existingTaskIds(records.map((r) => r.task_id)));
        const engine = await loadEngine(o);
        model = engine.modelId;
        const progress = createTaskProgress();
        try {
          reevaluated = await reevaluateRecords(records.filter((r) => !present.has(r.task_id)), engine, {
            kind: resolveEngineKind(o.engine),
            computedBy: `hunt catalog import ${hostname()}:${process.pid}`,
            n: o.n,
            onProgress: (r) => progress.forTask(`#${r.task_id} ${r.slug}`),
          });
        } finally {
          progress.stop();
        }
        for (const problem of reevaluated.problems) process.stderr.write(`hunt: ${problem}\n`);
      }
      await withCatalog(o, async ({ repo }) => {
        console.log(formatImportSummary({ ...(await repo.importRecords(records, { reevaluated: reevaluated?.ours })), model }));
      });
    })();
  });

  for (const sub of [list, show, exportCmd, importCmd]) catalog.addCommand(sub.exitOverride());
  return catalog;
}
