import {
  DiscordAPIError,
  HTTPError,
  MessageFlags,
  Routes,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type AttachmentPayload,
  type ModalBuilder,
  type REST,
  type RepliableInteraction,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import type { Logger } from 'pino';
import type { BotMessage, FittedMessage } from './bot-message.ts';
import type { Clock } from './clock.ts';
import { fitMessage } from './fit-message.ts';

/** An interaction's token (replies, edits, follow-ups) is valid this long after Discord created it. */
export const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60_000;
/** An edit sent this close to the token's end could arrive after it: the bot posts to the channel instead. */
export const TOKEN_EXPIRY_MARGIN_MS = 30_000;

/** The Discord error codes the bot acts on (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json). */
export const DISCORD_ERRORS = {
  unknownWebhook: 10015,
  unknownInteraction: 10062,
  invalidWebhookToken: 50027,
} as const;

/**
 * A refusal that no retry can fix: bad credentials (401), no permission (403), or an
 * interaction Discord has forgotten (10062: answered too late, or twice). Retrying these
 * only adds to Discord's invalid-request count, which ends in a temporary ban.
 */
export function isFinalDiscordError(err: unknown): boolean {
  return err instanceof DiscordAPIError && (err.status === 401 || err.status === 403 || err.code === DISCORD_ERRORS.unknownInteraction);
}

/**
 * What a send to Discord can fail with: a refusal (DiscordAPIError), a server error after
 * the REST client's own retries (HTTPError), a timeout or a network fault. Anything else
 * (a builder refusing its data, a discord.js state error) is a bug and is thrown.
 */
function isDeliveryError(err: unknown): boolean {
  if (err instanceof DiscordAPIError || err instanceof HTTPError) return true;
  return err instanceof Error && (err.name === 'AbortError' || (err instanceof TypeError && err.message === 'fetch failed'));
}

/** The interaction token no longer works (expired or revoked): the bot token and the channel are the way left. */
function isExpiredToken(err: unknown): boolean {
  return err instanceof DiscordAPIError && (err.code === DISCORD_ERRORS.invalidWebhookToken || err.code === DISCORD_ERRORS.unknownWebhook);
}

export interface DeliveredMessage {
  /** edited into the interaction's reply, or posted as a new channel message after the token expired */
  via: 'interaction' | 'channel';
  messageId: string;
  channelId: string;
}

/** `previewed`: deferred, and the reply shows a first view of the result that is still coming */
type State = 'new' | 'deferred' | 'previewed' | 'replied';

/** A new channel message with the bot token that may mention `userId` and nobody else. */
export async function postChannelMessage(rest: REST, channelId: string, userId: string, message: BotMessage): Promise<DeliveredMessage> {
  const fitted = fitMessage(message);
  const body: RESTPostAPIChannelMessageJSONBody = {
    content: fitted.content,
    embeds: fitted.embeds,
    components: fitted.components,
    allowed_mentions: { parse: [], users: [userId] },
    attachments: fitted.files.map((f, id) => ({ id, filename: f.name, description: f.description })),
  };
  const files = fitted.files.map((f, i) => ({ key: `files[${i}]`, name: f.name, data: f.data }));
  const posted = (await rest.post(Routes.channelMessages(channelId), { body, files })) as { id: string; channel_id: string };
  return { via: 'channel', messageId: posted.id, channelId: posted.channel_id };
}

/**
 * Edit an interaction's original reply through its webhook (no bot token needed): how a
 * restarted bot, which never saw the interaction, still puts a result where the user asked,
 * while the token lives. Throws what Discord answers; the caller falls back to the channel.
 */
export async function editOriginalReply(rest: REST, interaction: { applicationId: string; token: string }, userId: string, message: BotMessage): Promise<DeliveredMessage> {
  const fitted = fitMessage(message);
  const body = {
    content: fitted.content ?? '',
    embeds: fitted.embeds ?? [],
    components: fitted.components ?? [],
    allowed_mentions: { parse: [], users: [userId] },
    attachments: fitted.files.map((f, id) => ({ id, filename: f.name, description: f.description })),
  };
  const files = fitted.files.map((f, i) => ({ key: `files[${i}]`, name: f.name, data: f.data }));
  const edited = (await rest.patch(Routes.webhookMessage(interaction.applicationId, interaction.token, '@original'), { body, files, auth: false })) as { id: string; channel_id: string };
  return { via: 'interaction', messageId: edited.id, channelId: edited.channel_id };
}

/** What every discord.js send method (reply, editReply, followUp, update) accepts. */
interface DiscordOptions {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  files?: AttachmentPayload[];
}

/** discord.js options for a fitted message: the one conversion, right where it leaves. */
function discordOptions(message: FittedMessage): DiscordOptions {
  const options: DiscordOptions = {};
  if (message.embeds) options.embeds = message.embeds;
  if (message.content !== undefined) options.content = message.content;
  if (message.components) options.components = message.components;
  if (message.files.length) options.files = message.files.map((f) => ({ attachment: f.data, name: f.name, description: f.description }));
  return options;
}

/**
 * Every answer to one interaction goes through here, so the interaction rules live in
 * one place: acknowledge within 3 s (`defer`), put results into the original reply while
 * the token lives and into a new channel message (bot token) after, make every error an
 * ephemeral message, fit every payload to Discord's limits, and never retry a refusal
 * that cannot change (401, 403, 10062). A failed delivery is logged and reported as
 * `false` / `undefined` (there is no one left to tell); only bugs are thrown.
 */
export class InteractionReply {
  private state: State = 'new';
  /** Discord refused this interaction for good: nothing more goes through its token */
  private dead = false;
  private ephemeral = false;

  constructor(
    readonly interaction: RepliableInteraction,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** When Discord created the interaction (from its snowflake id). */
  get createdAt(): number {
    return this.interaction.createdTimestamp;
  }

  /** The interaction token can still be used (with a margin, see TOKEN_EXPIRY_MARGIN_MS). */
  tokenAlive(): boolean {
    return !this.dead && this.clock.now() < this.createdAt + INTERACTION_TOKEN_LIFETIME_MS - TOKEN_EXPIRY_MARGIN_MS;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
    try {
      return { ok: true, value: await fn() };
    } catch (error) {
      if (!isDeliveryError(error)) throw error;
      const final = isFinalDiscordError(error);
      if (final || isExpiredToken(error)) this.dead = true;
      this.log.warn({ err: error, interaction: this.interaction.id, what, final }, `discord refused ${what}`);
      return { ok: false, error };
    }
  }

  /** Acknowledge now ("thinking…"); the answer follows with `result` or `error`. False when Discord refused. */
  async defer(options: { ephemeral?: boolean } = {}): Promise<boolean> {
    if (this.state !== 'new') return true;
    const flags = options.ephemeral ? MessageFlags.Ephemeral : undefined;
    const done = await this.call('deferReply', () => this.interaction.deferReply(flags ? { flags } : {}));
    if (done.ok) {
      this.state = 'deferred';
      this.ephemeral = Boolean(options.ephemeral);
    }
    return done.ok;
  }

  /** Answer with a modal (only as the first response). */
  async showModal(modal: ModalBuilder): Promise<boolean> {
    if (this.state !== 'new' || !('showModal' in this.interaction)) return false;
    const interaction = this.interaction;
    const done = await this.call('showModal', () => interaction.showModal(modal));
    if (done.ok) this.state = 'replied';
    return done.ok;
  }

  /** A reply only the user sees: the first response, or an ephemeral follow-up (the "thinking…" placeholder is removed). */
  async private(message: BotMessage): Promise<boolean> {
    const fitted = discordOptions(fitMessage(message));
    if (this.state === 'new') {
      const done = await this.call('reply', () => this.interaction.reply({ ...fitted, flags: MessageFlags.Ephemeral }));
      if (done.ok) this.state = 'replied';
      return done.ok;
    }
    if (!this.tokenAlive()) return false;
    if (this.state === 'deferred' && this.ephemeral) {
      const done = await this.call('editReply', () => this.interaction.editReply(fitted));
      return done.ok;
    }
    const done = await this.call('followUp', () => this.interaction.followUp({ ...fitted, flags: MessageFlags.Ephemeral }));
    if (done.ok && this.state === 'deferred') {
      // A public placeholder that will never hold a result would stay "thinking…" forever.
      await this.call('deleteReply', () => this.interaction.deleteReply());
      this.state = 'replied';
    }
    return done.ok;
  }

  /** Replace the message a button sits on (a component interaction's first response). */
  async update(message: BotMessage): Promise<boolean> {
    if (this.state !== 'new' || !this.interaction.isMessageComponent()) return false;
    const interaction = this.interaction;
    const done = await this.call('update', () => interaction.update(discordOptions(fitMessage(message))));
    if (done.ok) this.state = 'replied';
    return done.ok;
  }

  /**
   * A first view of the result while the rest is computed (a /complete's next tokens before
   * its continuation), edited into the deferred reply. The `result` that follows replaces it,
   * and so does an `error`. False when it was not shown (an ephemeral or expired reply, or
   * Discord refused): nothing is lost, the result follows as it would have.
   */
  async preview(message: BotMessage): Promise<boolean> {
    if ((this.state !== 'deferred' && this.state !== 'previewed') || this.ephemeral || !this.tokenAlive()) return false;
    const done = await this.call('editReply', () => this.interaction.editReply(discordOptions(fitMessage(message))));
    if (done.ok) this.state = 'previewed';
    return done.ok;
  }

  /**
   * A short error message (the wording comes from user-messages.ts): ephemeral, except over a
   * first view, which it replaces (a view of a result that never came must not stay up).
   */
  async error(text: string): Promise<boolean> {
    if (!this.tokenAlive() && this.state !== 'new') {
      // No private channel is left after the token expired; say it in the channel, to the user.
      return this.postToChannel({ content: `<@${this.interaction.user.id}> ${text}` }).then(Boolean);
    }
    if (this.state === 'previewed') {
      const done = await this.call('editReply', () => this.interaction.editReply({ content: text, embeds: [], components: [], attachments: [] }));
      if (done.ok) this.state = 'replied';
      return done.ok;
    }
    return this.private({ content: text });
  }

  /**
   * The result: edited into the original reply while the token lives; else (or when
   * Discord says the token is gone) posted as a new channel message with the bot token.
   */
  async result(message: BotMessage): Promise<DeliveredMessage | undefined> {
    if (this.tokenAlive()) {
      const fitted = discordOptions(fitMessage(message));
      const done =
        this.state === 'new'
          ? await this.call('reply', () => this.interaction.reply({ ...fitted, withResponse: true }).then((r) => r.resource!.message!))
          : await this.call('editReply', () => this.interaction.editReply(fitted));
      if (done.ok) {
        this.state = 'replied';
        return { via: 'interaction', messageId: done.value.id, channelId: done.value.channelId };
      }
      if (!isExpiredToken(done.error)) return undefined;
    }
    return this.postToChannel({ ...message, content: message.content ?? `<@${this.interaction.user.id}>, your result:` });
  }

  /** A public message after the reply (e.g. "now in the catalog"): a follow-up, or a channel message once the token expired. */
  async announce(message: BotMessage): Promise<DeliveredMessage | undefined> {
    if (this.tokenAlive() && this.state !== 'new') {
      const done = await this.call('followUp', () => this.interaction.followUp(discordOptions(fitMessage(message))));
      if (done.ok) return { via: 'interaction', messageId: done.value.id, channelId: done.value.channelId };
      if (!isExpiredToken(done.error)) return undefined;
    }
    return this.postToChannel(message);
  }

  /** A new message in the interaction's channel with the bot token; mentions only the user who asked. */
  async postToChannel(message: BotMessage): Promise<DeliveredMessage | undefined> {
    const channelId = this.interaction.channelId;
    if (!channelId) {
      this.log.warn({ interaction: this.interaction.id }, 'no channel to post a late result to');
      return undefined;
    }
    try {
      return await postChannelMessage(this.interaction.client.rest, channelId, this.interaction.user.id, message);
    } catch (error) {
      if (!isDeliveryError(error)) throw error;
      this.log.warn({ err: error, interaction: this.interaction.id, channelId, final: isFinalDiscordError(error) }, 'discord refused a channel message');
      return undefined;
    }
  }
}
