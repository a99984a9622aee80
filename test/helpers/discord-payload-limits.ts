/**
 * Discord's limits, checked the way Discord checks them, on any JSON body a bot sends
 * (message create / edit, interaction callback, modal). Written from Discord's
 * documentation, independently of bot/discord-limits.ts, so the fake server catches a
 * payload the bot's own fitting got wrong.
 *
 * https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 */

interface Embed {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
  author?: { name: string };
}

interface Component {
  type: number;
  custom_id?: string;
  label?: string;
  components?: Component[];
  component?: Component;
}

function len(text: string | undefined): number {
  // Discord counts characters; Array.from counts code points, the generous reading.
  return text === undefined ? 0 : Array.from(text).length;
}

function checkEmbeds(embeds: Embed[], problems: string[]): void {
  if (embeds.length > 10) problems.push(`${embeds.length} embeds > 10`);
  let total = 0;
  embeds.forEach((e, i) => {
    if (len(e.title) > 256) problems.push(`embeds[${i}].title ${len(e.title)} > 256`);
    if (len(e.description) > 4096) problems.push(`embeds[${i}].description ${len(e.description)} > 4096`);
    if (len(e.footer?.text) > 2048) problems.push(`embeds[${i}].footer.text > 2048`);
    if (len(e.author?.name) > 256) problems.push(`embeds[${i}].author.name > 256`);
    if ((e.fields?.length ?? 0) > 25) problems.push(`embeds[${i}] has ${e.fields!.length} fields > 25`);
    e.fields?.forEach((f, j) => {
      if (len(f.name) > 256) problems.push(`embeds[${i}].fields[${j}].name > 256`);
      if (len(f.value) > 1024) problems.push(`embeds[${i}].fields[${j}].value ${len(f.value)} > 1024`);
      if (len(f.name) === 0 || len(f.value) === 0) problems.push(`embeds[${i}].fields[${j}] is empty`);
      total += len(f.name) + len(f.value);
    });
    total += len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name);
  });
  if (total > 6000) problems.push(`embeds total ${total} > 6000`);
}

function checkComponents(components: Component[], problems: string[], where: string): void {
  for (const [i, c] of components.entries()) {
    if (c.custom_id !== undefined && len(c.custom_id) > 100) problems.push(`${where}[${i}].custom_id > 100`);
    if (c.type === 2 && c.label !== undefined && len(c.label) > 80) problems.push(`${where}[${i}].label > 80`);
    if (c.type === 1 && (c.components?.length ?? 0) > 5) problems.push(`${where}[${i}] action row with > 5 components`);
    if (c.components) checkComponents(c.components, problems, `${where}[${i}].components`);
    if (c.component) checkComponents([c.component], problems, `${where}[${i}].component`);
  }
}

function checkMessage(m: Record<string, unknown>, problems: string[]): void {
  if (typeof m.content === 'string' && len(m.content) > 2000) problems.push(`content ${len(m.content)} > 2000`);
  if (Array.isArray(m.embeds)) checkEmbeds(m.embeds as Embed[], problems);
  if (Array.isArray(m.components)) {
    if (m.components.length > 5 && !(Number(m.flags ?? 0) & (1 << 15))) problems.push(`${m.components.length} action rows > 5`);
    checkComponents(m.components as Component[], problems, 'components');
  }
  if (Array.isArray(m.attachments) && m.attachments.length > 10) problems.push(`${m.attachments.length} attachments > 10`);
  if (typeof m.title === 'string' && len(m.title) > 45) problems.push(`modal title > 45`);
}

/** The limits a JSON body breaks (empty when Discord would accept it). */
export function checkDiscordLimits(body: unknown): string[] {
  const problems: string[] = [];
  if (Array.isArray(body)) return problems; // command registration: the builders check it
  if (!body || typeof body !== 'object') return problems;
  const b = body as Record<string, unknown>;
  // An interaction callback wraps its message (or modal) in `data`.
  if (typeof b.type === 'number' && b.data && typeof b.data === 'object') checkMessage(b.data as Record<string, unknown>, problems);
  else checkMessage(b, problems);
  return problems;
}
