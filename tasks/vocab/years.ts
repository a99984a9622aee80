/**
 * Years for greater-than prompts ("from the year 1732 to the year 17"). As in Hanna et al. 2023
 * ("How does GPT-2 compute greater-than?"), only years that GPT-2 writes as two tokens,
 * century + two digits (" 1732" = " 17|32"), so the prompt's last token is the century and the
 * answer is one two-digit token. These centuries split cleanly for 02–98 except MERGED_YEARS,
 * which GPT-2 writes as one token. Checked in test/unit/tasks/vocab.test.ts.
 */
export const YEAR_CENTURIES: readonly number[] = [12, 14, 16, 17];
export const MERGED_YEARS: ReadonlySet<number> = new Set([1280, 1440]);
/** the two-digit endings used: 02–98, so that some answer is larger and some smaller */
export const YEAR_ENDING_MIN = 2;
export const YEAR_ENDING_MAX = 98;

/** Events that last a span of years, for "The {event} lasted from the year …". */
export const LASTING_EVENTS: readonly string[] = [
  'war', 'expedition', 'drought', 'reign', 'construction', 'famine', 'siege', 'journey', 'occupation',
  'rebellion', 'dynasty', 'voyage', 'crisis', 'plague', 'alliance', 'conflict', 'campaign', 'blockade',
  'pilgrimage', 'feud',
];
