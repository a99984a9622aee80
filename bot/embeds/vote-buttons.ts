import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import { voteButtonId } from '../custom-ids.ts';

export interface VoteCounts {
  up: number;
  down: number;
  inCatalog: boolean;
}

/**
 * The 👍 / 👎 buttons under a task, labelled with the live counts; once the task is in
 * the catalog a third, disabled button says so. The custom ids carry only the task id.
 *
 * @example voteButtons(12, { up: 2, down: 0, inCatalog: false })
 * // [{ type: 1, components: [{ type: 2, style: 3, custom_id: 'vote:up:12', emoji: { name: '👍' }, label: '2' }, …] }]
 */
export function voteButtons(taskId: number, counts: VoteCounts): APIActionRowComponent<APIButtonComponent>[] {
  const components: APIButtonComponent[] = [
    { type: ComponentType.Button, style: ButtonStyle.Success, custom_id: voteButtonId('up', taskId), emoji: { name: '👍' }, label: String(counts.up) },
    { type: ComponentType.Button, style: ButtonStyle.Danger, custom_id: voteButtonId('down', taskId), emoji: { name: '👎' }, label: String(counts.down) },
  ];
  if (counts.inCatalog) {
    components.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: `catalogued:${taskId}`, emoji: { name: '📚' }, label: 'In the catalog', disabled: true });
  }
  return [{ type: ComponentType.ActionRow, components }];
}
