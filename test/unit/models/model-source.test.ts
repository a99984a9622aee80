import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, resolveModelSource } from '../../../models/model-source.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';

describe('model source resolution', () => {
  it('GIVEN nothing THEN GPT-2 small from the hub in fp32 on the CPU is the default', () => {
    const s = resolveModelSource({}, {});
    expect(s).toMatchObject({ spec: DEFAULT_MODEL, kind: 'hub', dtype: 'fp32', device: 'cpu' });
    expect(DEFAULT_MODEL).toBe('Xenova/gpt2');
  });

  it('GIVEN HUNT_MODEL and an explicit option THEN the option wins', () => {
    expect(resolveModelSource({}, { HUNT_MODEL: 'org/other' }).spec).toBe('org/other');
    expect(resolveModelSource({ model: 'org/mine' }, { HUNT_MODEL: 'org/other' }).spec).toBe('org/mine');
  });

  it('GIVEN an existing folder or a path-like spec THEN it is a local model', () => {
    expect(resolveModelSource({ model: FIXTURE_MODEL }, {})).toMatchObject({ kind: 'local', folder: FIXTURE_MODEL });
    expect(resolveModelSource({ model: './missing-model' }, {})).toMatchObject({ kind: 'local', folder: path.resolve('missing-model') });
  });

  it.each([
    [{ dtype: 'int3' }, /dtype must be one of/],
    [{ device: 'tpu' }, /device must be one of/],
    [{ threads: '0' }, /threads must be a whole number/],
    [{ threads: 'two' }, /threads must be a whole number/],
    [{ model: ' ' }, /model must not be empty/],
  ])('GIVEN the bad option %o THEN it fails with a specific message', (options, message) => {
    expect(() => resolveModelSource(options, {})).toThrow(message);
  });

  it('GIVEN HUNT_CACHE_DIR THEN hub downloads go there', () => {
    expect(resolveModelSource({}, { HUNT_CACHE_DIR: '/tmp/hunt-cache' }).cacheDir).toBe('/tmp/hunt-cache');
  });
});
