// Entry point of the model host child process (see model-host.ts). Sources are
// TypeScript run through tsx, as in bin/hunt.mjs: register the loader, then import.
import { register } from 'tsx/esm/api';

register();
await import('./model-host.ts');
