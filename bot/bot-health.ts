import { rmSync, writeFileSync } from 'node:fs';
import { Events, type Client } from 'discord.js';

/** How often a logged-in bot refreshes its health file; a health check wants it younger than a few of these. */
export const HEALTH_REFRESH_MS = 20_000;

/**
 * A file that exists, and is fresh, only while the bot is logged in to Discord: a container
 * health check (`find FILE -mmin -1`) then fails for a bot with a bad token, or one that lost
 * its gateway connection, which a process-is-alive check would pass.
 *
 * @returns a stop function that removes the file
 */
export function keepHealthFile(client: Client, file: string): () => void {
  const remove = () => rmSync(file, { force: true });
  const touch = () => {
    if (client.isReady()) writeFileSync(file, `${new Date().toISOString()} ${client.user.tag}\n`);
    else remove();
  };
  remove(); // a file left by an earlier run says nothing about this one
  client.on(Events.ClientReady, touch);
  client.on(Events.ShardDisconnect, remove);
  client.on(Events.Invalidated, remove);
  const timer = setInterval(touch, HEALTH_REFRESH_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    remove();
  };
}
