import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgSqlClient } from '../../../catalog/pg-sql-client.ts';
import { TEST_DATABASE_URL } from '../../helpers/catalog-db.ts';
import { TEST_REDIS_URL } from '../../helpers/queue-harness.ts';
import { NO_MINE } from '../../../bot/mine-access.ts';
import { botHandlers } from '../../../commands/index.ts';
import { resolveQueueConfig } from '../../../queue/queue-config.ts';
import { DEFAULT_MODEL } from '../../../models/model-source.ts';
import { FAKE_APP_ID, FAKE_BOT_TOKEN, FakeDiscord } from '../../helpers/fake-discord.ts';
import { GUILD_ID } from '../../helpers/discord-interactions.ts';
import { hasStackTrace, runCli } from '../../helpers/run-cli.ts';

describe('GIVEN the hunt binary', () => {
  it('WHEN `hunt bot` runs without DISCORD_TOKEN THEN it exits at once with one clear line', async () => {
    const started = Date.now();
    const { code, stdout, stderr } = await runCli(['bot'], { DISCORD_TOKEN: undefined, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('hunt: DISCORD_TOKEN is not set: put the bot token from the Discord developer portal (Bot → Token) in the environment\n');
    expect(hasStackTrace(stderr)).toBe(false);
    // "at once": no Redis or Discord connection was tried (Redis on port 1 would be retried for ever).
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('WHEN `hunt bot` gets a token Discord refuses THEN it closes its connections and exits non-zero with one line', async () => {
    const fake = await new FakeDiscord().start();
    const health = path.join(mkdtempSync(path.join(tmpdir(), 'hunt-health-')), 'bot.healthy');
    try {
      const { code, stdout, stderr } = await runCli(['bot'], {
        DISCORD_TOKEN: 'not-a-real-token',
        DISCORD_API_URL: fake.apiUrl,
        REDIS_URL: TEST_REDIS_URL,
        DATABASE_URL: TEST_DATABASE_URL,
        HUNT_DB_SCHEMA: `test_badtoken_${process.pid}`,
        HUNT_HEALTH_FILE: health,
        LOG_LEVEL: 'error',
      });
      // before: the bot stayed up after TokenInvalid, holding Redis and PostgreSQL open
      expect({ code, stdout, stderr }).toStrictEqual({
        code: 2,
        stdout: '',
        stderr: 'hunt: Discord refused DISCORD_TOKEN (An invalid token was provided.): copy the token again from the developer portal (your application → Bot → Reset Token)\n',
      });
      expect(existsSync(health)).toBe(false);
    } finally {
      await fake.stop();
      const admin = await openPgSqlClient(TEST_DATABASE_URL, 'public', 1);
      await admin.exec(`DROP SCHEMA IF EXISTS "test_badtoken_${process.pid}" CASCADE`);
      await admin.close();
    }
  }, 60_000);

  describe('WHEN `hunt register-commands` runs against Discord', () => {
    const fake = new FakeDiscord();
    beforeAll(() => fake.start());
    afterAll(() => fake.stop());
    const env = () => ({ DISCORD_TOKEN: FAKE_BOT_TOKEN, DISCORD_APP_ID: FAKE_APP_ID, DISCORD_API_URL: fake.apiUrl, HUNT_MODELS: undefined, HUNT_DEFAULT_MODEL: undefined, HUNT_DISCOVER_CORPORA: undefined });
    /** Without HUNT_MODELS the bot offers the default model alone; without HUNT_MINE_* /mine offers no corpus. */
    const HANDLERS = botHandlers({ defaultModel: DEFAULT_MODEL, models: [DEFAULT_MODEL] }, { mine: { ...NO_MINE, queue: resolveQueueConfig({}, {}) } });

    it('THEN --guild overwrites that server’s commands with every command’s JSON, with the bot token', async () => {
      const { code, stdout, stderr } = await runCli(['register-commands', '--guild', GUILD_ID], env());
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const names = HANDLERS.commands.map((c) => c.data.name);
      expect(stdout).toBe(`Registered ${names.length} commands (guild ${GUILD_ID}): ${names.map((n) => `/${n}`).join(' ')}\n`);
      const [put] = fake.find('PUT', /commands$/);
      expect(put.path).toBe(`/applications/${FAKE_APP_ID}/guilds/${GUILD_ID}/commands`);
      expect(put.auth).toBe(`Bot ${FAKE_BOT_TOKEN}`);
      expect(put.body).toStrictEqual(JSON.parse(JSON.stringify(HANDLERS.commands.map((c) => c.data.toJSON()))));
    });

    it('THEN with HUNT_MODELS the `model` option of /complete and /score offers each served model as a choice', async () => {
      const { code, stderr } = await runCli(['register-commands', '--guild', GUILD_ID], { ...env(), HUNT_MODELS: 'Xenova/gpt2, local:tiny-gpt2' });
      expect({ code, stderr }).toStrictEqual({ code: 0, stderr: '' });
      const body = fake.find('PUT', /commands$/).at(-1)!.body as { name: string; options?: { name: string }[] }[];
      const modelOptions = body.filter((c) => ['complete', 'score'].includes(c.name)).map((c) => c.options!.find((o) => o.name === 'model'));
      const expected = {
        type: 3,
        name: 'model',
        description: 'the model to run (default Xenova/gpt2)',
        required: false,
        choices: [
          { name: 'Xenova/gpt2', value: 'Xenova/gpt2' },
          { name: 'local:tiny-gpt2', value: 'local:tiny-gpt2' },
        ],
      };
      expect(modelOptions).toStrictEqual([expected, expected]);
    });

    it("THEN with HUNT_DISCOVER_CORPORA (the workers' name=path list) /discover offers the corpus names, never their paths", async () => {
      const { code, stderr } = await runCli(['register-commands', '--guild', GUILD_ID], { ...env(), HUNT_DISCOVER_CORPORA: 'owt=/data/owt;wiki=wikimedia/wikipedia' });
      expect({ code, stderr }).toStrictEqual({ code: 0, stderr: '' });
      const body = fake.find('PUT', /commands$/).at(-1)!.body as { name: string; options?: { name: string; choices?: unknown }[] }[];
      expect(body.find((c) => c.name === 'discover')!.options!.find((o) => o.name === 'corpus')!.choices).toStrictEqual([
        { name: 'owt', value: 'owt' },
        { name: 'wiki', value: 'wiki' },
      ]);
    });

    it.each([
      ['a model twice', 'Xenova/gpt2,Xenova/gpt2', 'hunt: HUNT_MODELS lists "Xenova/gpt2" twice\n'],
      ['no default model', 'local:tiny-gpt2', 'hunt: HUNT_MODELS must include the default model "Xenova/gpt2" (HUNT_DEFAULT_MODEL), which commands without a model use\n'],
      ['26 models', Array.from({ length: 26 }, (_, i) => `m${i}`).join(','), 'hunt: HUNT_MODELS lists 26 models; Discord offers at most 25 choices\n'],
      ['an empty entry', 'Xenova/gpt2,,m', 'hunt: HUNT_MODELS model 2 must not be empty\n'],
    ])('THEN HUNT_MODELS with %s is refused with one line before anything is sent', async (_, models, line) => {
      const before = fake.requests.length;
      const { code, stderr } = await runCli(['register-commands'], { ...env(), HUNT_MODELS: models });
      expect({ code, stderr }).toStrictEqual({ code: 2, stderr: line });
      expect(fake.requests.length).toBe(before);
    });

    it('THEN without --guild it registers globally', async () => {
      const { code } = await runCli(['register-commands'], env());
      expect(code).toBe(0);
      expect(fake.find('PUT', /commands$/).at(-1)!.path).toBe(`/applications/${FAKE_APP_ID}/commands`);
    });

    it('THEN a bad --guild is refused before anything is sent', async () => {
      const before = fake.requests.length;
      const { code, stderr } = await runCli(['register-commands', '--guild', 'my-server'], env());
      expect(code).toBe(2);
      expect(stderr).toBe('hunt: --guild must be a server id (17 to 20 digits; got "my-server")\n');
      expect(fake.requests.length).toBe(before);
    });
  });
});
