// Worker-thread entry: sources are TypeScript run through tsx (as bin/hunt.mjs does), and a
// worker thread starts with no loader, so it registers tsx before loading the real worker.
import { register } from 'tsx/esm/api';

register();
await import('./scan-worker.ts');
