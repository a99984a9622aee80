import { readFileSync } from 'node:fs';

/** This tool's version (package.json), recorded with every evaluation the catalog stores. */
export const TOOL_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name?: string; version?: string };
    return `${pkg.name ?? 'hunt'}@${pkg.version ?? 'unknown'}`;
  } catch {
    return 'hunt@unknown';
  }
})();
