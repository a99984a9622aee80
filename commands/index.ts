import type { ServedModels } from '../bot/bot-config.ts';
import { NO_DISCOVER, type DiscoverSettings } from '../bot/discover-access.ts';
import type { HandlerRegistry } from '../bot/interaction-router.ts';
import type { MineCommandConfig } from '../bot/mine-access.ts';
import { catalogCommand } from './catalog.ts';
import { completeCommand } from './complete.ts';
import { discoverCommand } from './discover.ts';
import { helpCommand } from './help.ts';
import { proposalButtonHandler } from './proposal-button.ts';
import { mineCommand } from './mine.ts';
import { scoreCommand } from './score.ts';
import { taskSubmitModalHandler } from './task-submit-modal.ts';
import { taskCommand } from './task.ts';
import { voteButtonHandler } from './vote-button.ts';

/**
 * Every slash command, button and modal the bot answers, wired explicitly so a reader can
 * follow each with grep. The commands that run a model offer the served models as choices;
 * /discover offers the configured corpora (none, and nobody may start it, by default); /mine is
 * there when its settings are given (`hunt bot` always gives them: no corpus, and nobody may
 * start a run, until an admin sets HUNT_MINE_*).
 */
export function botHandlers(served: ServedModels, options: { discover?: DiscoverSettings; mine?: MineCommandConfig } = {}): HandlerRegistry {
  const { discover = NO_DISCOVER, mine } = options;
  return {
    commands: [completeCommand(served), scoreCommand(served), taskCommand, catalogCommand, discoverCommand(discover), ...(mine ? [mineCommand(mine)] : []), helpCommand],
    buttons: [voteButtonHandler, proposalButtonHandler],
    modals: [taskSubmitModalHandler],
  };
}
