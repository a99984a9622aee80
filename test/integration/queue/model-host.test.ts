import { afterEach, describe, expect, test } from 'vitest';
import { ModelLoadError } from '../../../common/errors.ts';
import { parseJob } from '../../../queue/job-schemas.ts';
import { ModelHostProcess, ModelRunError } from '../../../worker/model-host-process.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';
import { alive } from '../../helpers/queue-harness.ts';

const hosts: ModelHostProcess[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
});

function data(name: string, input: unknown): unknown {
  const parsed = parseJob(name, input);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.job.data;
}

describe('model host process', () => {
  test('GIVEN a run longer than its timeout THEN it fails as transient, the model process is killed, and the next run gets a fresh one', async () => {
    const host = await ModelHostProcess.start({ source: { model: FIXTURE_MODEL, threads: 1 } });
    hosts.push(host);
    const first = host.pid!;
    // seconds of work (800 prompt tokens, 200 generated) against a 300 ms timeout, with margin on fast machines
    const slow = data('complete', { prompt: ' word'.repeat(800), tokens: 200 });
    const error = await host.run('complete', [slow], 300).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ModelRunError);
    expect(error).toMatchObject({ permanent: false, message: 'complete run of 1 job(s) timed out after 300 ms; the model process was restarted' });
    await expect.poll(() => alive(first)).toBe(false);

    const outcomes = await host.run('tokens', [data('tokens', { text: 'one two' })], 60_000);
    expect(outcomes).toMatchObject([{ ok: true, value: { model: 'local:tiny-gpt2', tokens: [{ text: 'one' }, { text: ' two' }] } }]);
    expect(host.pid).not.toBe(first);
  });

  test('GIVEN a model folder that cannot load THEN starting fails with one ModelLoadError line', async () => {
    const error = await ModelHostProcess.start({ source: { model: '/nonexistent/model' } }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(/^no model folder at \/nonexistent\/model/);
  });

  test('GIVEN a run of several jobs where one is bad THEN the bad one carries its own permanent error', async () => {
    const host = await ModelHostProcess.start({ source: { model: FIXTURE_MODEL, threads: 1 } });
    hosts.push(host);
    const outcomes = await host.run('score', [data('score', { prompt: 'A B', answers: [' C'] }), data('score', { prompt: 'x '.repeat(1_100), answers: [' y'] })], 60_000);
    expect(outcomes[0]).toMatchObject({ ok: true });
    expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'prompt_too_long', permanent: true } });
  });
});
