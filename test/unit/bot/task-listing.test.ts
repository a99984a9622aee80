import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { submitterMarkdown } from '../../../bot/embeds/embed-text.ts';
import { taskDetailMessage } from '../../../bot/embeds/task-listing.ts';

describe('/task show of a task written with several templates and number slots', () => {
  const definition = YAML.parse(readFileSync(new URL('../../../tasks/examples/citation-number.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;
  const detail = {
    task: { id: 7, slug: 'citation-number-declarative', definition, submitter: 'cli:ada', guild_id: null, channel_id: null, message_id: null, submitted_at: new Date('2026-12-01T00:00:00Z') },
    tally: { net: 0, up: 0, down: 0, inCatalog: false },
    evaluation: null,
  };

  it('GIVEN the task THEN the embed shows its first template with that template\'s answer and control, how many templates there are, and each number slot\'s range', () => {
    const fields = taskDetailMessage(detail).embeds![0].fields!;
    const byName = Object.fromEntries(fields.map((f) => [f.name, f.value]));
    expect(byName['Template (1 of 8)']).toBe('```\n{c1} [{S}]. {c2} [\n```');
    // visibleToken marks spaces: the answer is shown as the model would read it
    expect(byName.Expected).toBe('"{add(S,␣1)}"');
    expect(byName.Control).toBe('```\n{c1} [{R1}]. {c2} [\n```');
    expect(byName.Slots).toContain('{S}: 1–5');
    expect(byName.Slots).toContain('{c1}: claims (32)');
  });
});

describe('a task\'s submitter in a message', () => {
  it.each([
    ['a Discord user id', '1400000000000000002', '<@1400000000000000002>'],
    ['a terminal user', 'cli:ada', 'ada (terminal)'],
    ['a terminal user whose name holds Markdown and an @', 'cli:*ada*_@everyone', '\\*ada\\*\\_@\u200beveryone (terminal)'],
    ['a bare "cli:"', 'cli:', 'cli:'],
    ['a name from an imported catalog', 'bob', 'bob'],
  ])('GIVEN %s THEN it is shown as %j', (_, submitter, shown) => {
    expect(submitterMarkdown(submitter)).toBe(shown);
  });
});
