import type { Interaction } from 'discord.js';
import type { BotDeps } from './bot-deps.ts';
import { customIdPrefix } from './custom-ids.ts';
import { InteractionReply } from './interaction-reply.ts';
import type { ButtonHandler, ModalHandler, SlashCommand } from './slash-command.ts';
import { userMessageFor, userMessageForError } from './user-messages.ts';

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

/**
 * Sends each interaction to its handler, with an InteractionReply that enforces the
 * interaction rules. Whatever a handler throws ends as one short ephemeral message;
 * the stack trace goes to the log, never to chat.
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
        if (!command) return void (await reply.error(userMessageFor('unknown_command', `/${interaction.commandName}`)));
        await command.execute(interaction, reply, this.deps);
      } else if (interaction.isButton()) {
        const handler = this.buttons.get(customIdPrefix(interaction.customId));
        if (!handler) return void (await reply.error(userMessageFor('unknown_command', 'this button')));
        await handler.handle(interaction, reply, this.deps);
      } else if (interaction.isModalSubmit()) {
        const handler = this.modals.get(customIdPrefix(interaction.customId));
        if (!handler) return void (await reply.error(userMessageFor('unknown_command', 'this form')));
        await handler.handle(interaction, reply, this.deps);
      } else {
        await reply.error(userMessageFor('unknown_command', 'this kind of interaction'));
      }
    } catch (err) {
      this.deps.log.error({ err, interaction: interaction.id }, 'handler failed');
      try {
        await reply.error(userMessageForError(err));
      } catch (again) {
        this.deps.log.error({ err: again, interaction: interaction.id }, 'could not tell the user');
      }
    }
  }
}
