#!/usr/bin/env node
// The `hunt` command. Sources are TypeScript run through tsx, so there is no build step
// to forget and every entry point (CLI, workers, bot) runs the same files the tests run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv);
