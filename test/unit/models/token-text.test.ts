import { expect, it } from 'vitest';
import { visibleToken } from '../../../models/token-text.ts';

it('GIVEN tokens with whitespace THEN spaces, newlines and tabs become visible marks', () => {
  expect(visibleToken(' John')).toBe('␣John');
  expect(visibleToken('\n\n')).toBe('↵↵');
  expect(visibleToken('\tx')).toBe('⇥x');
  expect(visibleToken('plain')).toBe('plain');
});
