import { GraphEngine } from '../../models/graph/graph-engine.ts';
import { FIXTURE_MODEL } from './fixture-model.ts';

let shared: Promise<GraphEngine> | undefined;

/** The fixture model on the graph engine, loaded once per test file; tests must not mutate it. */
export function fixtureGraphEngine(): Promise<GraphEngine> {
  shared ??= GraphEngine.load({ model: FIXTURE_MODEL });
  return shared;
}
