import type { ServedModels } from '../bot/bot-config.ts';
import type { HandlerRegistry } from '../bot/interaction-router.ts';
import { catalogCommand } from './catalog.ts';
import { completeCommand } from './complete.ts';
import { helpCommand } from './help.ts';
import { scoreCommand } from './score.ts';
import { taskSubmitModalHandler } from './task-submit-modal.ts';
import { taskCommand } from './task.ts';
import { voteButtonHandler } from './vote-button.ts';

/**
 * Every slash command, button and modal the bot answers, wired explicitly so a reader can
 * follow each with grep. The commands that run a model offer the served models as choices.
 */
export function botHandlers(served: ServedModels): HandlerRegistry {
  return {
    commands: [completeCommand(served), scoreCommand(served), taskCommand, catalogCommand, helpCommand],
    buttons: [voteButtonHandler],
    modals: [taskSubmitModalHandler],
  };
}
