import { describe, expect, it } from 'vitest';
import { parseDeclarativeTask } from '../../../tasks/declarative-task.ts';
import { findNearDuplicates, knownFromCatalog } from '../../../tasks/near-duplicates.ts';

const LISTS = { lists: { names: ['John', 'Mary', 'Tom', 'Anna'] }, slots: { A: 'names', B: 'names', P: ['store', 'park'] } };

describe('near-duplicates of a task of several templates', () => {
  it('GIVEN a submission one of whose templates a catalogued task has, up to slot names THEN that task is named as the same template', () => {
    const catalogued = { id: 'gift', title: 'Gift giving', template: 'When {X} and {Y} went to the {Q}, {Y} gave it to', lists: LISTS.lists, slots: { X: 'names', Y: 'names', Q: ['store', 'park'] }, expected: ' {X}' };
    const definition = { id: 'many', title: 'Many', templates: ['Then {A} met {B} at the {P}, and', { template: 'When {A} and {B} went to the {P}, {B} gave it to', expected: ' {A}' }], ...LISTS, expected: ' {B}' };
    const known = knownFromCatalog([{ task_id: 3, definition: catalogued }]);
    expect(findNearDuplicates({ task: parseDeclarativeTask(definition, 'many.yaml'), definition }, known)).toStrictEqual([{ label: '#3 Gift giving', reason: 'the same template, up to names' }]);
  });
});
