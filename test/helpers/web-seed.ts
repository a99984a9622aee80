import { catalogFields } from '../../catalog/evaluation-fields.ts';
import type { CatalogRepository } from '../../catalog/catalog-repository.ts';
import { definitionFromForm } from '../../bot/task-submission.ts';
import { parseDeclarativeTask } from '../../tasks/declarative-task.ts';
import { modelRevision } from '../../models/model-revision.ts';
import type { ScoringEngine } from '../../models/scoring-engine.ts';
import { evaluateTask } from '../../tasks/evaluate-task.ts';
import type { EvalReport } from '../../tasks/eval-report.ts';
import type { NewResult } from '../../web/result-record.ts';
import type { ResultRepository } from '../../web/result-repository.ts';
import { surpriseReport, type SurpriseReport } from '../../web/surprise-report.ts';
import { toolVersion } from '../../common/tool-version.ts';
import { FIXTURE_POOL_WORDS, fixtureInductionTask } from './fixture-induction-task.ts';

/** A text the fixture model learned to continue: a span of its pool words, then the span again. */
export const INDUCTION_TEXT = `${FIXTURE_POOL_WORDS.slice(0, 8).join(' ')} ${FIXTURE_POOL_WORDS.slice(20, 24).join(' ')} ${FIXTURE_POOL_WORDS.slice(0, 8).join(' ')}`;

export const GIFT_FORM = {
  name: 'IOI with gifts',
  template: 'When {A} and {B} went to the {place}, {B} gave a {object} to',
  expected: '{A}',
  distractor: '{B}',
  description: 'Who gets the gift: the name that is not repeated.',
};

export interface SeededWeb {
  tokens: { id: string; report: SurpriseReport };
  evaluation: { id: string; report: EvalReport };
  /** a submitted task voted into the catalog, with one evaluation */
  task: { id: number; evaluationId: number; report: EvalReport };
}

async function record(engine: ScoringEngine, kind: NewResult['kind'], seed: number | null, input: Record<string, unknown>, output: object): Promise<NewResult> {
  return {
    kind,
    model: { id: engine.modelId, revision: await modelRevision(engine.loaded.source, 'transformers') },
    tool_version: toolVersion(),
    seed,
    input,
    output: JSON.parse(JSON.stringify(output)) as Record<string, unknown>,
  };
}

/**
 * What the web pages show, computed for real with the fixture model: a shared surprise
 * view and evaluation, and a catalog task with three votes and an evaluation.
 */
export async function seedWeb(engine: ScoringEngine, results: ResultRepository, catalog: CatalogRepository, n = 30): Promise<SeededWeb> {
  const tokens = await surpriseReport(engine, INDUCTION_TEXT);
  const tokensId = (await results.store(await record(engine, 'tokens', null, { text: INDUCTION_TEXT, bos: true, truncate: false }, tokens))).id;

  const evaluation = await evaluateTask(engine, fixtureInductionTask, { n, seed: 0 });
  const evaluationId = (await results.store(await record(engine, 'evaluation', 0, { task: evaluation.task, n, seed: 0, instances: null }, evaluation))).id;

  const definition = definitionFromForm(GIFT_FORM);
  const task = await catalog.submitTask({ definition, submitter: 'alice', guildId: '100', channelId: '200', messageId: '300' });
  const taskReport = await evaluateTask(engine, parseDeclarativeTask(definition, 'web test'), { n: Math.min(n, 20), seed: 0 });
  const { id: catalogEvaluationId } = await catalog.recordEvaluation({ taskId: task.id, jobId: `web-${task.id}`, modelId: engine.modelId, modelRevision: 'sha256:test', ...catalogFields(taskReport) });
  for (const user of ['bob', 'carol', 'frank']) await catalog.vote(task.id, user, 1);
  await catalog.vote(task.id, 'dave', -1);
  await catalog.vote(task.id, 'erin', 1);

  return { tokens: { id: tokensId, report: tokens }, evaluation: { id: evaluationId, report: evaluation }, task: { id: task.id, evaluationId: catalogEvaluationId, report: taskReport } };
}
