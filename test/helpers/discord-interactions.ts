import { randomBytes } from 'node:crypto';
import { SnowflakeUtil, type Client } from 'discord.js';
import { FAKE_APP_ID, type FakeDiscord } from './fake-discord.ts';

/**
 * Interaction payloads as Discord sends them over the gateway (INTERACTION_CREATE's `d`),
 * and a way to hand one to a discord.js client exactly as its gateway would.
 */

export const GUILD_ID = '1300000000000000001';
export const CHANNEL_ID = '1300000000000000002';

export interface TestUser {
  id: string;
  username: string;
}

export const ALICE: TestUser = { id: '1400000000000000001', username: 'alice' };
export const BOB: TestUser = { id: '1400000000000000002', username: 'bob' };
export const CAROL: TestUser = { id: '1400000000000000003', username: 'carol' };
export const DAVE: TestUser = { id: '1400000000000000004', username: 'dave' };

/** A snowflake whose timestamp is `ms`: Discord derives an interaction's creation time from its id. */
export function snowflakeAt(ms: number): string {
  return SnowflakeUtil.generate({ timestamp: BigInt(ms) }).toString();
}

function member(user: TestUser, roles: string[]) {
  return {
    user: { id: user.id, username: user.username, discriminator: '0', global_name: user.username, avatar: null, public_flags: 0 },
    roles,
    permissions: '2248473465835073',
    joined_at: '2024-01-01T00:00:00.000000+00:00',
    premium_since: null,
    deaf: false,
    mute: false,
    pending: false,
    flags: 0,
    nick: null,
    avatar: null,
  };
}

interface Common {
  user?: TestUser;
  /** when Discord created the interaction (ms); default now */
  createdAt?: number;
  /** the member's role ids in the server; default none */
  roles?: string[];
  /** the channel it was sent in; default CHANNEL_ID */
  channelId?: string;
}

function base(type: number, common: Common) {
  return {
    id: snowflakeAt(common.createdAt ?? Date.now()),
    application_id: FAKE_APP_ID,
    type,
    token: `itok-${randomBytes(12).toString('hex')}`,
    version: 1,
    guild_id: GUILD_ID,
    guild: { id: GUILD_ID, locale: 'en-US', features: [] },
    channel_id: common.channelId ?? CHANNEL_ID,
    channel: { id: common.channelId ?? CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'behaviour-hunt', position: 0, permissions: '2248473465835073', nsfw: false, parent_id: null, last_message_id: null, rate_limit_per_user: 0, topic: null, flags: 0 },
    member: member(common.user ?? ALICE, common.roles ?? []),
    locale: 'en-US',
    guild_locale: 'en-US',
    app_permissions: '2248473465835073',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
    attachment_size_limit: 10_485_760,
  };
}

export type CommandOption =
  | { name: string; type: 3; value: string }
  | { name: string; type: 4; value: number }
  | { name: string; type: 5; value: boolean }
  | { name: string; type: 11; value: string }
  | { name: string; type: 1; options: CommandOption[] };

export const str = (name: string, value: string): CommandOption => ({ name, type: 3, value });
export const int = (name: string, value: number): CommandOption => ({ name, type: 4, value });
export const bool = (name: string, value: boolean): CommandOption => ({ name, type: 5, value });
export const sub = (name: string, options: CommandOption[] = []): CommandOption => ({ name, type: 1, options });

export interface ChatInputOptions extends Common {
  name: string;
  options?: CommandOption[];
  /** attachments the user added to attachment options, as Discord resolves them */
  attachments?: Record<string, { filename: string; url: string; size: number; content_type?: string }>;
}

/** A slash command as Discord sends it (type 2, data.type 1). */
export function chatInputPayload(o: ChatInputOptions) {
  const resolvedAttachments = o.attachments
    ? Object.fromEntries(Object.entries(o.attachments).map(([id, a]) => [id, { id, ...a, proxy_url: a.url, ephemeral: true }]))
    : undefined;
  return {
    ...base(2, o),
    data: {
      id: '1500000000000000001',
      name: o.name,
      type: 1,
      ...(o.options ? { options: o.options } : {}),
      ...(resolvedAttachments ? { resolved: { attachments: resolvedAttachments } } : {}),
    },
  };
}

/** A button press on a message (type 3, component_type 2); `message` is the API message the button sits on. */
export function buttonPayload(o: Common & { customId: string; message: Record<string, unknown> }) {
  return { ...base(3, o), data: { custom_id: o.customId, component_type: 2 }, message: o.message };
}

/** A modal submission (type 5) whose text inputs sit in labels, as Discord sends them. */
export function modalSubmitPayload(o: Common & { customId: string; fields: Record<string, string> }) {
  return {
    ...base(5, o),
    data: {
      custom_id: o.customId,
      components: Object.entries(o.fields).map(([customId, value], i) => ({ type: 18, id: i * 2 + 1, component: { type: 4, id: i * 2 + 2, custom_id: customId, value } })),
    },
  };
}

export type InteractionPayload = ReturnType<typeof base> & { data: unknown };

/**
 * Hand a payload to the client as its gateway connection does on INTERACTION_CREATE
 * (discord.js's packet handler calls this same action), and tell the fake which channel
 * and message the interaction belongs to.
 */
export function dispatchInteraction(client: Client, fake: FakeDiscord, payload: InteractionPayload & { message?: { id?: unknown } }): void {
  fake.registerInteraction(payload.token, payload.channel_id, payload.message?.id as string | undefined);
  (client as unknown as { actions: { InteractionCreate: { handle(data: unknown): void } } }).actions.InteractionCreate.handle(payload);
}
