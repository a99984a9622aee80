import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import Table from 'cli-table3';
import { EXPORT_FORMATS, formatExport, formatOfFile, parseExport, type ExportFormat } from '../../catalog/catalog-export.ts';
import type { CatalogRecord } from '../../catalog/catalog-record.schema.ts';
import type { CatalogSummary } from '../../catalog/catalog-repository.ts';
import { InputError } from '../../common/errors.ts';
import { addDatabaseOptions, withCatalog, type CatalogCliOptions } from '../catalog-connection.ts';
import { checkOutputFile, writeOutputFile } from '../output-file.ts';
import { wholeNumber } from '../options.ts';

export function formatCatalogList(entries: CatalogSummary[]): string {
  if (entries.length === 0) return 'The catalog is empty: tasks enter it when their net upvotes reach the threshold.';
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
    `In the catalog since ${r.added_at} with ${r.net_votes} net votes (threshold ${r.threshold})`,
  ];
  if (r.evaluation) {
    const e = r.evaluation;
    lines.push(`Evaluation #${e.id}: ${e.verdict} on ${e.model_id} (${e.model_revision}) at ${e.evaluated_at}`);
    lines.push(`Metrics: ${JSON.stringify(e.metrics)}`);
  } else {
    lines.push('Evaluation: none when it entered the catalog');
  }
  lines.push(`Definition: ${JSON.stringify(r.definition, null, 2)}`);
  return lines.join('\n');
}

/** `hunt catalog …`: read, export and import the shared behaviour catalog. */
export function catalogCommand(): Command {
  const catalog = new Command('catalog').description('list, show, export and import the shared catalog: the tasks the community voted in on Discord');

  const list = addDatabaseOptions(new Command('list').description('list catalog entries, newest first').option('--json', 'print JSON'));
  list.action((o: CatalogCliOptions & { json?: boolean }) =>
    withCatalog(o, async ({ repo }) => {
      const entries = await repo.list();
      console.log(o.json ? JSON.stringify(entries, null, 2) : formatCatalogList(entries));
    }),
  );

  const show = addDatabaseOptions(
    new Command('show').description('show one entry: its task definition, votes and evaluation').argument('<id>', 'the task number (the # column of hunt catalog list)', wholeNumber('id', 1)).option('--json', 'print JSON'),
  );
  show.action((id: number, o: CatalogCliOptions & { json?: boolean }) =>
    withCatalog(o, async ({ repo }) => {
      const record = await repo.show(id);
      if (!record) throw new InputError('not_found', `task #${id} is not in the catalog (hunt catalog list shows what is)`);
      console.log(o.json ? JSON.stringify(record, null, 2) : formatCatalogRecord(record));
    }),
  );

  const exportCmd = addDatabaseOptions(
    new Command('export')
      .description('write every entry: jsonl and csv import back, md is a table for reading')
      .addOption(new Option('--format <format>', 'output format').choices([...EXPORT_FORMATS]).default('jsonl'))
      .option('-o, --out <file>', 'write to a file instead of stdout'),
  );
  exportCmd.action((o: CatalogCliOptions & { format: ExportFormat; out?: string }) => {
    if (o.out) checkOutputFile('--out', o.out);
    return withCatalog(o, async ({ repo }) => {
      const text = formatExport(await repo.exportRecords(), o.format);
      if (o.out) writeOutputFile('--out', o.out, text);
      else process.stdout.write(text);
    });
  });

  const importCmd = addDatabaseOptions(
    new Command('import')
      .description('load a jsonl or csv export (ids kept; entries already present are skipped)')
      .argument('<file>', 'the export file')
      .addOption(new Option('--format <format>', 'file format (default: from the file name)').choices(['jsonl', 'csv'])),
  );
  importCmd.action((file: string, o: CatalogCliOptions & { format?: ExportFormat }) => {
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
    const records = parseExport(text, format);
    return withCatalog(o, async ({ repo }) => {
      const { imported, skipped } = await repo.importRecords(records);
      console.log(`imported ${imported} entr${imported === 1 ? 'y' : 'ies'}${skipped ? `, skipped ${skipped} already present` : ''}`);
    });
  });

  for (const sub of [list, show, exportCmd, importCmd]) catalog.addCommand(sub.exitOverride());
  return catalog;
}
