import { describe, expect, it } from 'vitest';
import { parseAnswerList } from '../../../bot/answer-list.ts';
import { resolveBotConfig, resolveRegisterConfig } from '../../../bot/bot-config.ts';
import { customIdPrefix, parseVoteButtonId, voteButtonId } from '../../../bot/custom-ids.ts';
import { USER_MESSAGES, userMessageFor, userMessageForError, userMessageForFailure } from '../../../bot/user-messages.ts';
import { HuntError, InputError } from '../../../common/errors.ts';

const IOI = 'When John and Mary went to the store, Mary gave a flower to';

describe('GIVEN the answers option of /score', () => {
  it.each([
    ['John | Mary', IOI, [' John', ' Mary']],
    ['John|Mary', `${IOI} `, ['John', 'Mary']],
    ['"John" | " Mary"', IOI, ['John', ' Mary']],
    ['a', IOI, [' a']],
  ])('WHEN it reads %j after a prompt THEN the answers scored are %j', (raw, prompt, expected) => {
    expect(parseAnswerList(raw, prompt)).toStrictEqual(expected);
  });

  it('WHEN an answer is empty THEN it fails with which one, as a bad payload', () => {
    expect(() => parseAnswerList('John || Mary', IOI)).toThrow(new InputError('bad_payload', 'answer 2 is empty; separate answers with "|", e.g. John | Mary'));
  });
});

describe('GIVEN a vote button', () => {
  it('THEN its custom id carries only the direction and the task id, and reads back', () => {
    expect(voteButtonId('up', 12)).toBe('vote:up:12');
    expect(parseVoteButtonId('vote:down:12')).toStrictEqual({ direction: 'down', taskId: 12 });
    expect(customIdPrefix('vote:down:12')).toBe('vote');
  });

  it.each(['vote:sideways:1', 'vote:up:0', 'vote:up:abc', 'vote:up:1:extra', 'vote:up:12345678901'])('WHEN the id is %j THEN it is not a vote', (id) => {
    expect(parseVoteButtonId(id)).toBeUndefined();
  });
});

describe('GIVEN an error a user can meet', () => {
  it('THEN every key has one short message without a stack trace', () => {
    for (const key of Object.keys(USER_MESSAGES) as (keyof typeof USER_MESSAGES)[]) {
      const text = userMessageFor(key, 'some detail');
      expect(text.length, key).toBeLessThan(400);
      expect(text, key).not.toMatch(/\bat .+:\d+:\d+/);
    }
  });

  it('THEN an input error quotes what to fix and an outage hides its internals', () => {
    expect(userMessageForError(new InputError('quota_exceeded', 'quota reached: at most 30 jobs per 60 s per user; try again in 12 s'))).toBe(
      'Slow down: quota reached: at most 30 jobs per 60 s per user; try again in 12 s.',
    );
    expect(userMessageForError(new HuntError('unavailable', 'Redis at redis://127.0.0.1:6379 is unreachable', false))).toBe(
      "The bot's back end (the model queue or the catalog) is not answering right now. Try again in a few minutes.",
    );
    expect(userMessageForError(new TypeError('x is undefined'))).toBe(userMessageFor('unavailable'));
    expect(userMessageForFailure({ code: 'prompt_too_long', message: "the prompt is 1500 tokens, over the model's context of 1024; shorten it or pass --truncate to cut it on the left" })).toBe(
      "That prompt is too long for GPT-2: the prompt is 1500 tokens, over the model's context of 1024. Shorten it, or set the `truncate` option to cut it on the left.",
    );
  });
});

describe('GIVEN the bot’s environment', () => {
  it('WHEN DISCORD_TOKEN is missing THEN the configuration fails at once saying where to find the token', () => {
    expect(() => resolveBotConfig({})).toThrow(new InputError('bad_option', 'DISCORD_TOKEN is not set: put the bot token from the Discord developer portal (Bot → Token) in the environment'));
  });

  it('WHEN DISCORD_TOKEN is blank THEN it is refused as empty', () => {
    expect(() => resolveBotConfig({ DISCORD_TOKEN: '  ' })).toThrow(/DISCORD_TOKEN is empty/);
  });

  it('WHEN everything is set THEN it reads the token, the queue, the database and who may start /discover', () => {
    const discover = { HUNT_DISCOVER_CORPORA: 'owt=/data/owt', HUNT_DISCOVER_CHANNELS: '1300000000000000002', HUNT_DISCOVER_SHARDS: '3' };
    expect(resolveBotConfig({ DISCORD_TOKEN: 't', DISCORD_APP_ID: '1100000000000000001', REDIS_URL: 'redis://r:6379', HUNT_QUEUE_PREFIX: 'p', DATABASE_URL: 'postgres://db/x', ...discover })).toStrictEqual({
      token: 't',
      appId: '1100000000000000001',
      apiUrl: undefined,
      queue: { redisUrl: 'redis://r:6379', prefix: 'p', defaultModel: 'Xenova/gpt2' },
      served: { defaultModel: 'Xenova/gpt2', models: ['Xenova/gpt2'] },
      databaseUrl: 'postgres://db/x',
      discover: { corpora: ['owt'], roles: [], channels: ['1300000000000000002'], shards: 3 },
    });
  });

  it('WHEN HUNT_MODELS lists the models workers serve THEN they are the choices, the default model (HUNT_DEFAULT_MODEL) among them', () => {
    expect(resolveBotConfig({ DISCORD_TOKEN: 't', HUNT_MODELS: ' Xenova/gpt2-medium , local:tiny-gpt2', HUNT_DEFAULT_MODEL: 'local:tiny-gpt2' }).served).toStrictEqual({
      defaultModel: 'local:tiny-gpt2',
      models: ['Xenova/gpt2-medium', 'local:tiny-gpt2'],
    });
  });

  it.each([
    ['Xenova/gpt2,gpt2 large', 'HUNT_MODELS model 2 must not contain spaces or control characters (got "gpt2 large")'],
    ['Xenova/gpt2,' + 'x'.repeat(101), 'HUNT_MODELS model 2 must be at most 100 characters (got 101)'],
    ['Xenova/gpt2-medium', 'HUNT_MODELS must include the default model "Xenova/gpt2" (HUNT_DEFAULT_MODEL), which commands without a model use'],
  ])('WHEN HUNT_MODELS is %j THEN the bot refuses to start, saying why', (models, message) => {
    expect(() => resolveBotConfig({ DISCORD_TOKEN: 't', HUNT_MODELS: models })).toThrow(new InputError('bad_option', message));
  });

  it('WHEN register-commands has no application id THEN it says where to find it', () => {
    expect(() => resolveRegisterConfig({ DISCORD_TOKEN: 't' })).toThrow(/DISCORD_APP_ID is not set: put the application id/);
    expect(() => resolveRegisterConfig({ DISCORD_TOKEN: 't', DISCORD_APP_ID: 'my-bot' })).toThrow('DISCORD_APP_ID: must be a Discord id (17 to 20 digits)');
  });
});
