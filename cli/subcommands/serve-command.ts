import { Command } from 'commander';
import { openCatalog } from '../../catalog/open-catalog.ts';
import { publicUrl } from '../../web/result-links.ts';
import { buildWebServer } from '../../web/web-server.ts';
import { connectWithRetry } from '../../common/connect-retry.ts';
import { wholeNumber } from '../options.ts';

export interface ServeOptions {
  port: number;
  host: string;
  publicUrl?: string;
  pageCacheMb: number;
}

/** `hunt serve`: the read-only result and catalog pages, until SIGINT/SIGTERM. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('serve the pages of shared results (/r/<id>) and of the catalog, read-only, from the catalog database (DATABASE_URL, else the embedded one)')
    .option('--port <port>', 'port to listen on (env PORT)', wholeNumber('port', 0), Number(process.env.PORT) || 8080)
    .option('--host <host>', 'address to listen on (0.0.0.0 for every interface)', process.env.HUNT_WEB_HOST ?? '127.0.0.1')
    .option('--page-cache-mb <mb>', 'memory for rendered result pages, which never change once stored (0: render every request)', wholeNumber('page-cache-mb', 0), 64)
    .option('--public-url <url>', 'the address people reach this server at, used in printed links (env HUNT_PUBLIC_URL; default http://localhost:<port>)')
    .action(async (options: ServeOptions) => {
      const base = publicUrl(process.env, options.publicUrl ?? (process.env.HUNT_PUBLIC_URL || `http://localhost:${options.port}`));
      const catalog = await connectWithRetry(() => openCatalog());
      const app = buildWebServer({ sql: catalog.sql, logLevel: process.env.LOG_LEVEL || 'info', pageCacheBytes: options.pageCacheMb * 1024 * 1024 });
      const address = await app.listen({ port: options.port, host: options.host, backlog: 2_048 });
      console.error(`hunt serve: ${catalog.sql.description}; pages at ${base} (listening on ${address})`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await app.close();
      await catalog.close();
    });
}
