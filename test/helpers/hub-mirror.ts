import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * How the mirror answers: as the hub does, or failing in one of the ways a real hub can.
 * `no-repo` and `gated` answer as huggingface.co does without a token: 401 for a repository
 * that does not exist (or is private, it does not say which), 401 with X-Error-Code GatedRepo
 * for a gated one.
 */
export type MirrorMode = 'serve' | 'not-found' | 'server-error' | 'hang' | 'no-repo' | 'gated';

export interface HubMirror {
  /** the HF_ENDPOINT to use: http://127.0.0.1:<port> */
  endpoint: string;
  /** every path asked for, in order */
  requests: string[];
  mode: MirrorMode;
  close(): Promise<void>;
}

/**
 * A folder served in the hub's URL layout, `/<repo>/resolve/<revision>/<file>`, on
 * 127.0.0.1 (no network needed): what HF_ENDPOINT points a mirror or proxy at.
 */
export async function startHubMirror(repo: string, folder: string, mode: MirrorMode = 'serve'): Promise<HubMirror> {
  const requests: string[] = [];
  const hanging = new Set<import('node:http').ServerResponse>();
  const mirror: HubMirror = { endpoint: '', requests, mode, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mirror');
    requests.push(url.pathname);
    if (mirror.mode === 'hang') {
      hanging.add(res);
      return;
    }
    if (mirror.mode === 'no-repo') {
      res.writeHead(401, 'Unauthorized', { 'x-error-code': 'RepoNotFound', 'x-error-message': 'Repository not found' }).end('Invalid username or password.');
      return;
    }
    if (mirror.mode === 'gated') {
      res.writeHead(401, 'Unauthorized', { 'x-error-code': 'GatedRepo', 'x-error-message': 'Access to this model is restricted.' }).end('gated');
      return;
    }
    if (mirror.mode === 'server-error') {
      res.writeHead(500, 'Internal Server Error').end('boom');
      return;
    }
    const prefix = `/${repo}/resolve/main/`;
    const file = url.pathname.startsWith(prefix) ? decodeURIComponent(url.pathname.slice(prefix.length)) : undefined;
    const local = file && !file.split('/').includes('..') ? path.join(folder, file) : undefined;
    if (mirror.mode === 'not-found' || !local || !existsSync(local) || !statSync(local).isFile()) {
      res.writeHead(404, 'Not Found').end('Entry not found');
      return;
    }
    res.writeHead(200, { 'content-length': statSync(local).size, 'content-type': 'application/octet-stream' });
    createReadStream(local).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mirror.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mirror.close = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return mirror;
}
