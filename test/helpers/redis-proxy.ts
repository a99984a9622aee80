import net from 'node:net';
import { TEST_REDIS_URL } from './queue-harness.ts';

/**
 * A TCP proxy in front of the test Redis that can play an outage: `hold()` stops passing
 * bytes (commands hang, as on a stuck network), `release()` lets them through, `drop()`
 * cuts every connection and refuses new ones until `release()`.
 */
export interface RedisProxy {
  url: string;
  hold(): void;
  drop(): void;
  release(): void;
  close(): Promise<void>;
}

export async function startRedisProxy(): Promise<RedisProxy> {
  const upstream = new URL(TEST_REDIS_URL);
  const pairs = new Set<[net.Socket, net.Socket]>();
  let mode: 'pass' | 'hold' | 'down' = 'pass';
  const proxy = net.createServer((client) => {
    if (mode === 'down') return client.destroy();
    const server = net.connect(Number(upstream.port || 6379), upstream.hostname);
    const pair: [net.Socket, net.Socket] = [client, server];
    pairs.add(pair);
    for (const s of pair) {
      s.on('error', () => {});
      s.on('close', () => {
        pairs.delete(pair);
        client.destroy();
        server.destroy();
      });
    }
    client.pipe(server).pipe(client);
    if (mode === 'hold') for (const s of pair) s.pause();
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const port = (proxy.address() as net.AddressInfo).port;
  const each = (fn: (s: net.Socket) => void) => pairs.forEach((pair) => pair.forEach(fn));
  return {
    url: `redis://127.0.0.1:${port}`,
    hold() {
      mode = 'hold';
      each((s) => s.pause());
    },
    drop() {
      mode = 'down';
      each((s) => s.destroy());
    },
    release() {
      mode = 'pass';
      each((s) => s.resume());
    },
    async close() {
      each((s) => s.destroy());
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}
