import { describe, expect, it } from 'vitest';
import { HuntError } from '../../../common/errors.ts';
import { loadModel } from '../../../models/load-model.ts';
import { resolveModelSource } from '../../../models/model-source.ts';
import { ScoringEngine } from '../../../models/scoring-engine.ts';
import { evaluateTask } from '../../../tasks/evaluate-task.ts';
import { fixtureInductionTask } from '../../helpers/fixture-induction-task.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';

describe('an evaluation whose model crashes', () => {
  it('GIVEN the model session is gone THEN the evaluation fails with the crash, not as the task being unscorable', async () => {
    // an engine of its own: the shared fixture engine must stay usable for the other tests
    const loaded = await loadModel(resolveModelSource({ model: FIXTURE_MODEL }));
    const engine = new ScoringEngine(loaded);
    await loaded.model.dispose();
    const failure = await evaluateTask(engine, fixtureInductionTask, { n: 8 }).then(
      () => undefined,
      (err: unknown) => err,
    );
    // a crash is no bad input: it must not become a permanent `bad_task` (never retried, blamed on the task)
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(HuntError);
    expect((failure as Error).message).toBe('Session already disposed.');
  });
});
