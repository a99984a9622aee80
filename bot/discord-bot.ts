import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { Logger } from 'pino';
import type { BotDeps } from './bot-deps.ts';
import { InteractionRouter, type HandlerRegistry } from './interaction-router.ts';

export interface DiscordClientOptions {
  /** the bot token; set on the REST client (login sets it again for the gateway) */
  token?: string;
  /** a Discord-compatible REST base URL; default Discord's own */
  apiUrl?: string;
}

/**
 * The discord.js client with only the intent the bot uses: Guilds (slash commands
 * arrive as interactions, which need no privileged intent; no message content). Mentions
 * are off unless a message names its users (prompts are user text).
 */
export function createDiscordClient(options: DiscordClientOptions = {}): Client {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: options.apiUrl ? { api: options.apiUrl } : {},
  });
  if (options.token) client.rest.setToken(options.token);
  return client;
}

/**
 * The running bot: routes every interaction the client receives and keeps track of the
 * ones still being handled (a `/task submit` waits minutes for its evaluation), so that
 * shutdown can wait for them and tests can wait for one.
 */
export class HuntBot {
  readonly router: InteractionRouter;
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    readonly client: Client,
    registry: HandlerRegistry,
    private readonly deps: BotDeps,
  ) {
    this.router = new InteractionRouter(registry, deps);
    client.on(Events.InteractionCreate, (interaction) => void this.handle(interaction));
  }

  get log(): Logger {
    return this.deps.log;
  }

  handle(interaction: Interaction): Promise<void> {
    const running = this.router.handle(interaction).finally(() => this.pending.delete(interaction.id));
    this.pending.set(interaction.id, running);
    return running;
  }

  /** Resolves when the interaction with this id has been handled (at once when none is pending). */
  whenHandled(interactionId: string): Promise<void> {
    return this.pending.get(interactionId) ?? Promise.resolve();
  }

  /** Interactions still being handled. */
  get busy(): number {
    return this.pending.size;
  }

  /** Wait for every pending interaction, at most `timeoutMs`. */
  async idle(timeoutMs = Infinity): Promise<void> {
    const all = Promise.allSettled([...this.pending.values()]);
    if (timeoutMs === Infinity) {
      await all;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }
}
