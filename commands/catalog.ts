import { SlashCommandBuilder } from 'discord.js';
import { EXPORT_FORMATS, formatExport, type ExportFormat } from '../catalog/catalog-export.ts';
import type { SlashCommand } from '../bot/slash-command.ts';
import { catalogListMessage } from '../bot/embeds/task-listing.ts';
import { InputError } from '../common/errors.ts';

/** `/catalog [export]`: the catalogued tasks; with `export`, the whole catalog as an attached file. */
export const catalogCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('catalog')
    .setDescription('the tasks the community voted into the catalog')
    .addStringOption((o) =>
      o
        .setName('export')
        .setDescription('attach the whole catalog as a file in this format')
        .addChoices(...EXPORT_FORMATS.map((f) => ({ name: f, value: f }))),
    ),

  async execute(interaction, reply, deps) {
    const format = interaction.options.getString('export');
    // Discord offers only the listed choices, but any client can send another value
    if (format !== null && !EXPORT_FORMATS.includes(format as ExportFormat)) {
      throw new InputError('bad_option', `there is no export format "${format.slice(0, 40)}" (formats: ${EXPORT_FORMATS.join(', ')})`);
    }
    if (!(await reply.defer())) return;
    const entries = await deps.catalog.list();
    const message = catalogListMessage(entries);
    if (format) {
      const records = await deps.catalog.exportRecords();
      message.files = [{ name: `catalog.${format}`, data: Buffer.from(formatExport(records, format as ExportFormat), 'utf8'), description: `${records.length} catalogued tasks` }];
    }
    await reply.result(message);
  },
};
