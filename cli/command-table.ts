import type { Command } from 'commander';

/**
 * Every `hunt` subcommand: its name, the line `hunt --help` lists, its usage, and how to load
 * it. Only the command being run is imported (a model command pulls in onnxruntime, the bot
 * discord.js), so `hunt --help` or `hunt catalog list` start without them. A test checks that
 * each description here is the loaded command's own. Add a command with one line here.
 */
export interface CommandEntry {
  name: string;
  description: string;
  usage: string;
  load: () => Promise<Command>;
}

export const COMMAND_TABLE: readonly CommandEntry[] = [
  { name: 'complete', usage: '[options] <prompt>', description: "show GPT-2's next-token predictions for a prompt, and a continuation", load: async () => (await import('./subcommands/complete-command.ts')).completeCommand() },
  { name: 'score', usage: '[options] <prompt>', description: 'score expected answers as continuations of a prompt (rank, probability, logit difference)', load: async () => (await import('./subcommands/score-command.ts')).scoreCommand() },
  { name: 'tokens', usage: '[options] <text>', description: 'tokenize a text and show how surprised the model was by each token', load: async () => (await import('./subcommands/tokens-command.ts')).tokensCommand() },
  { name: 'eval', usage: '[options] [task]', description: 'evaluate how well the model implements a behaviour: a built-in task (see --list) or a JSON/YAML task file', load: async () => (await import('./subcommands/eval-command.ts')).evalCommand() },
  { name: 'attention', usage: '[options] <prompt>', description: "show one attention head's pattern on a prompt (graph engine): text, JSON or a PNG heat map", load: async () => (await import('./subcommands/attention-command.ts')).attentionCommand() },
  { name: 'heads', usage: '[options] <task>', description: 'which attention heads a task relies on (graph engine): direct logit attribution and ablation, per head', load: async () => (await import('./subcommands/heads-command.ts')).headsCommand() },
  { name: 'head-scores', usage: '[options]', description: "previous-token, duplicate-token and induction scores of every head (graph engine), on repeated random tokens or at the last token of a task's prompts", load: async () => (await import('./subcommands/head-scores-command.ts')).headScoresCommand() },
  { name: 'lens', usage: '[options] <prompt>', description: 'logit lens (graph engine): what the residual stream predicts after every layer, read through the final LayerNorm and the unembedding', load: async () => (await import('./subcommands/lens-command.ts')).lensCommand() },
  { name: 'patch', usage: '[options] <task>', description: "activation patching (graph engine): patch activations from a task's clean prompts into its corrupted controls, one at a time, and see how much of the behaviour each restores", load: async () => (await import('./subcommands/patch-command.ts')).patchCommand() },
  { name: 'path-patch', usage: '[options] <task>', description: 'path patching (graph engine): which heads send what a set of receiver heads (their q, k or v), or the logits directly, need', load: async () => (await import('./subcommands/path-patch-command.ts')).pathPatchCommand() },
  { name: 'ablate', usage: '[options] <task>', description: "circuit ablation (graph engine): ablate a set of heads at once, or keep only that set, and see how much of a task's behaviour survives", load: async () => (await import('./subcommands/ablate-command.ts')).ablateCommand() },
  { name: 'mine', usage: '[options] <task>', description: "run a task's regex over a corpus: how often the behaviour occurs in real text, and how often the heuristic gets it right", load: async () => (await import('./subcommands/mine-command.ts')).mineCommand() },
  { name: 'discover', usage: '[options]', description: 'search a corpus for in-context wins (the model right and sure where n-gram and short-context baselines are not) and group them into candidate behaviours', load: async () => (await import('./subcommands/discover-command.ts')).discoverCommand() },
  { name: 'worker', usage: '[options]', description: "run queued model jobs (complete, score, tokens, evaluate, discover) of --model's queue, or with --mine the corpus-mining shards, until SIGTERM/Ctrl-C (env HUNT_DEFAULT_MODEL: the model of the plain queue; HUNT_DISCOVER_CORPORA: the corpora discover jobs may name)", load: async () => (await import('./subcommands/worker-command.ts')).workerCommand() },
  { name: 'enqueue', usage: '[options] [command]', description: 'put a job on the queue for `hunt worker` (`hunt worker --mine` for `enqueue mine`): prints the job id, or the result with --wait', load: async () => (await import('./subcommands/enqueue-command.ts')).enqueueCommand() },
  { name: 'result', usage: '[options] <job id>', description: 'print the result of a queued job by its id (as `hunt enqueue … --wait` would), or say where it stands', load: async () => (await import('./subcommands/result-command.ts')).resultCommand() },
  { name: 'submit', usage: '[options] <task file>', description: 'submit a task file to the catalog without Discord: validate it, warn about near-duplicates, evaluate it and store both (seed, n, model revision, tool version)', load: async () => (await import('./subcommands/submit-command.ts')).submitCommand() },
  { name: 'catalog', usage: '[options] [command]', description: 'list, show, export and import the shared catalog: the tasks the community voted in on Discord', load: async () => (await import('./subcommands/catalog-command.ts')).catalogCommand() },
  { name: 'bot', usage: '[options]', description: 'run the Discord bot (env DISCORD_TOKEN, DISCORD_APP_ID, REDIS_URL, HUNT_QUEUE_PREFIX, HUNT_MODELS, HUNT_DEFAULT_MODEL, DATABASE_URL, HUNT_CATALOG_THRESHOLD; /discover: HUNT_DISCOVER_CORPORA, HUNT_DISCOVER_ROLES, HUNT_DISCOVER_CHANNELS, HUNT_DISCOVER_SHARDS; /mine: HUNT_MINE_CORPORA, HUNT_MINE_ROLES, HUNT_MINE_CHANNELS, HUNT_MINE_SHARD_SIZE, HUNT_MINE_MODEL)', load: async () => (await import('./subcommands/bot-command.ts')).botCommand() },
  { name: 'serve', usage: '[options]', description: 'serve the pages of shared results (/r/<id>) and of the catalog, read-only, from the catalog database (DATABASE_URL, else the embedded one)', load: async () => (await import('./subcommands/serve-command.ts')).serveCommand() },
  { name: 'register-commands', usage: '[options]', description: "register the bot's slash commands with Discord (env DISCORD_TOKEN, DISCORD_APP_ID; HUNT_MODELS: the model choices; HUNT_DISCOVER_CORPORA: /discover's corpus choices; HUNT_MINE_CORPORA: /mine's): in one server with --guild (instant), else globally", load: async () => (await import('./subcommands/register-commands-command.ts')).registerCommandsCommand() },
];
