import { InputError } from '../common/errors.ts';
import { QueueEventsResults } from './job-results.ts';
import type { QueueConfig } from './queue-config.ts';

/**
 * The results of every served model: one QueueEventsResults per model, since each model's
 * jobs finish on that model's own queue (and equal requests for two models share a job id).
 *
 * @example const results = new ResultsByModel(config, ['Xenova/gpt2', 'Xenova/gpt2-medium']);
 * await results.for(job.model).wait(job.id, 'complete');
 */
export class ResultsByModel {
  private readonly byModel: ReadonlyMap<string, QueueEventsResults>;

  constructor(config: QueueConfig, models: readonly string[]) {
    if (models.length === 0) throw new InputError('bad_option', 'results need at least one model to listen for');
    this.byModel = new Map(models.map((model) => [model, new QueueEventsResults(config, model)]));
  }

  get models(): string[] {
    return [...this.byModel.keys()];
  }

  /** The results of one model's jobs; a model not listened for is a bug of the caller, which checks its list first. */
  for(model: string): QueueEventsResults {
    const results = this.byModel.get(model);
    if (!results) throw new Error(`no results are read for model "${model}" (listening for ${this.models.join(', ')})`);
    return results;
  }

  /** Resolves once every model's event stream is being read. */
  async ready(): Promise<void> {
    await Promise.all([...this.byModel.values()].map((r) => r.ready()));
  }

  async close(): Promise<void> {
    await Promise.all([...this.byModel.values()].map((r) => r.close()));
  }
}
