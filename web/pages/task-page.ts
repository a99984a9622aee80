import { seededRng } from '../../common/random.ts';
import { describeError } from '../../common/errors.ts';
import { BUILTIN_TASKS } from '../../tasks/builtin/index.ts';
import { parseDeclarativeTask } from '../../tasks/declarative-task.ts';
import type { TaskDefinition } from '../../tasks/task-types.ts';
import { html, type SafeHtml } from '../html.ts';
import type { CatalogEntryView } from '../catalog-reader.ts';
import { layout } from './layout.ts';

/** Prompts shown as examples: the first few of seed 0, what `hunt eval --seed 0` starts with. */
const EXAMPLES = 5;

function examples(task: TaskDefinition): SafeHtml {
  try {
    const instances = task.generate(seededRng(0), EXAMPLES);
    return html`<table class="prompts"><thead><tr><th>prompt</th><th>heuristic says</th></tr></thead><tbody>${instances.map((i) => {
      const answer = task.heuristic(i.prompt);
      return html`<tr><td class="text">${i.prompt}</td><td>${answer ? answer.answers.map((a) => html`<span class="tok">${a.replace(/ /g, '␣')}</span> `) : 'declines'}</td></tr>`;
    })}</tbody></table>`;
  } catch (err) {
    return html`<p class="note">No examples: ${describeError(err)}</p>`;
  }
}

function taskBody(task: TaskDefinition | undefined, origin: SafeHtml, definition: unknown): SafeHtml {
  return html`${task ? html`<p>${task.description}</p><p class="note">status ${task.status}</p>` : ''}
<h2>Where it came from</h2>${origin}
<h2>Examples (seed 0)</h2>${task ? examples(task) : html`<p class="note">This definition does not parse with this version, so it has no examples here.</p>`}
${definition === undefined ? '' : html`<h2>Definition</h2><pre class="json">${JSON.stringify(definition, null, 2)}</pre>`}
${task?.regex ? html`<h2>Corpus regex</h2><pre class="json">/${task.regex.source}/${task.regex.flags ?? ''}</pre>` : ''}`;
}

/** A submitted task: its definition as stored, examples from it, and who submitted it where. */
export function submittedTaskPage(view: CatalogEntryView): SafeHtml {
  let task: TaskDefinition | undefined;
  try {
    task = parseDeclarativeTask(view.task.definition, `catalog task ${view.task.id}`);
  } catch {
    task = undefined;
  }
  const where = [view.task.guild_id && `server ${view.task.guild_id}`, view.task.channel_id && `channel ${view.task.channel_id}`, view.task.message_id && `message ${view.task.message_id}`].filter(Boolean).join(', ');
  const origin = html`<p>Submitted by ${view.task.submitter} on ${view.task.submitted_at.toISOString().slice(0, 10)}${where ? ` (Discord ${where})` : ''}. <a href="/catalog/${view.task.id}">Votes and evaluations</a>.</p>`;
  return layout({ title: task?.title ?? view.task.slug }, html`<h1>${task?.title ?? view.task.slug}</h1><p><code>${view.task.slug}</code> · task #${view.task.id}</p>${taskBody(task, origin, view.task.definition)}`);
}

/** A built-in task: its description, examples and regex (its definition is code: tasks/builtin/). */
export function builtinTaskPage(task: TaskDefinition): SafeHtml {
  const origin = html`<p>Built in (<code>tasks/builtin/</code>); evaluate it with <code>hunt eval ${task.id}</code>.</p>`;
  return layout({ title: task.title }, html`<h1>${task.title}</h1><p><code>${task.id}</code></p>${taskBody(task, origin, undefined)}`);
}

/** Built-in tasks, and a pointer to the submitted ones. */
export function taskListPage(): SafeHtml {
  return layout(
    { title: 'Tasks' },
    html`<h1>Tasks</h1><p>Submitted tasks are in the <a href="/catalog">catalog</a>. Built in:</p>
<table class="sortable"><thead><tr><th>task</th><th>status</th><th>title</th></tr></thead><tbody>${BUILTIN_TASKS.map(
      (t) => html`<tr><td><a href="/tasks/${t.id}">${t.id}</a></td><td>${t.status}</td><td>${t.title}</td></tr>`,
    )}</tbody></table>`,
  );
}
