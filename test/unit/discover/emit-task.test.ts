import { describe, expect, test } from 'vitest';
import YAML from 'yaml';
import type { Candidate, DiscoverReport } from '../../../discover/discover-report.ts';
import { emitCandidateTask } from '../../../discover/emit-task.ts';
import { parseDeclarativeTask } from '../../../tasks/declarative-task.ts';

const candidate: Candidate = {
  id: 'induction-word-word',
  name: 'induction',
  signature: ['seen-before', 'follows-same-token'],
  shape: 'word>word',
  wins: 3,
  positions: 10,
  rate: { k: 3, n: 10, value: 0.3, low: 0.1, high: 0.6 },
  per_mb: 3,
  p_vs_unexplained: 0.001,
  p_adjusted: 0.004,
  heuristic: 'copy what followed the current token before',
  regex: String.raw`\b(?<prev>\w+)(?<next> \w+)\b[\s\S]{1,2000}?\b\k<prev>(?<answer>\k<next>)\b`,
  examples: [],
};
const report = { corpus: 'txt file c.txt', model: 'local:tiny-gpt2', rule: { min_prob: 0.3, margin: 1.6, short_context: 4 }, ngram: 'a trigram' } as DiscoverReport;

describe('a candidate written as a task file', () => {
  test('GIVEN its wins THEN each becomes a pair whose control keeps every word of the prompt, and the file parses as a task', () => {
    const instances = [
      { prompt: ' one two three four five one two three', answer: ' four' },
      { prompt: ' red blue green gold grey red blue green', answer: ' gold' },
      { prompt: ' one two three four five one two three', answer: ' four' },
      { prompt: '  ', answer: ' x' },
    ];
    const text = emitCandidateTask(report, candidate, instances);
    expect(text.split('\n')[0]).toBe('# induction-word-word: written by hunt discover; edit it, then: hunt eval <this file>');
    const data = YAML.parse(text) as { id: string; status: string; regex: string; pairs: { prompt: string; answer: string; control: string }[] };
    expect(data).toMatchObject({ id: 'discovered-induction-word-word', status: 'proposed', regex: candidate.regex });
    // the duplicate prompt and the blank one are left out
    expect(data.pairs.map((p) => [p.prompt, p.answer])).toStrictEqual(instances.slice(0, 2).map((i) => [i.prompt, i.answer]));
    for (const pair of data.pairs) {
      expect(pair.control).not.toBe(pair.prompt);
      expect(pair.control.split(' ').sort()).toStrictEqual(pair.prompt.split(' ').sort());
    }
    const task = parseDeclarativeTask(data, 'emitted.yaml');
    expect(task.heuristic(instances[1].prompt)).toStrictEqual({ answers: [' gold'] });
  });
});
