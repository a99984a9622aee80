import type { Interaction } from 'discord.js';
import type { BotDeps } from './bot-deps.ts';
import { customIdPrefix } from './custom-ids.ts';
import { InteractionReply } from './interaction-reply.ts';
import type { ButtonHandler, ModalHandler, SlashCommand } from './slash-command.ts';
import { HuntError } from '../common/errors.ts';
import { UserError, userMessageForError } from './user-messages.ts';

/** Everything the bot answers to, listed explicitly in commands/index.ts. */
export interface HandlerRegistry {
  commands: readonly SlashCommand[];
  buttons: readonly ButtonHandler[];
  modals: readonly ModalHandler[];
}

function byKey<T>(items: readonly T[], key: (item: T) => string, what: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(key(item))) throw new Error(`two ${what} named "${key(item)}"`);
    map.set(key(item), item);
  }
  return map;
}

/** What an interaction asked for, for the log: `/score`, `button vote:12:up`, `form task-submit`. */
function describeInteraction(interaction: Interaction): string {
  if (interaction.isChatInputCommand()) return `/${interaction.commandName}`;
  if (interaction.isButton()) return `button ${interaction.customId}`;
  if (interaction.isModalSubmit()) return `form ${interaction.customId}`;
  return `interaction type ${interaction.type}`;
}

/**
 * Sends each interaction to its handler, with an InteractionReply that enforces the
 * interaction rules. Handlers throw; this is the one place that answers: whatever a
 * handler throws ends as one short ephemeral message worded by its code
 * (bot/user-messages.ts), and the stack trace goes to the log, never to chat.
 */
export class InteractionRouter {
  private readonly commands: Map<string, SlashCommand>;
  private readonly buttons: Map<string, ButtonHandler>;
  private readonly modals: Map<string, ModalHandler>;

  constructor(
    registry: HandlerRegistry,
    private readonly deps: BotDeps,
  ) {
    this.commands = byKey(registry.commands, (c) => c.data.name, 'commands');
    this.buttons = byKey(registry.buttons, (b) => b.prefix, 'button handlers');
    this.modals = byKey(registry.modals, (m) => m.prefix, 'modal handlers');
  }

  async handle(interaction: Interaction): Promise<void> {
    if (!interaction.isRepliable()) return; // autocomplete: the bot offers none
    const reply = new InteractionReply(interaction, this.deps.clock, this.deps.log);
    try {
      if (interaction.isChatInputCommand()) {
        const command = this.commands.get(interaction.commandName);
        if (!command) throw new UserError('unknown_command', `/${interaction.commandName}`);
        await command.execute(interaction, reply, this.deps);
      } else if (interaction.isButton()) {
        const handler = this.buttons.get(customIdPrefix(interaction.customId));
        if (!handler) throw new UserError('unknown_command', 'this button');
        await handler.handle(interaction, reply, this.deps);
      } else if (interaction.isModalSubmit()) {
        const handler = this.modals.get(customIdPrefix(interaction.customId));
        if (!handler) throw new UserError('unknown_command', 'this form');
        await handler.handle(interaction, reply, this.deps);
      } else {
        throw new UserError('unknown_command', 'this kind of interaction');
      }
    } catch (err) {
      this.logFailure(err, interaction);
      try {
        await reply.error(userMessageForError(err));
      } catch (again) {
        this.deps.log.error({ err: again, interaction: interaction.id }, 'could not tell the user');
      }
    }
  }

  /** A refusal of the user's input is routine (info); a back end out of reach is worth a warning; anything else is a bug. */
  private logFailure(err: unknown, interaction: Interaction): void {
    const context = { err, interaction: interaction.id, user: interaction.user.id, asked: describeInteraction(interaction) };
    if (err instanceof UserError || (err instanceof HuntError && err.permanent)) this.deps.log.info(context, 'request refused');
    else if (err instanceof HuntError) this.deps.log.warn(context, 'request failed: a back end is out of reach');
    else this.deps.log.error(context, 'handler failed');
  }
}
