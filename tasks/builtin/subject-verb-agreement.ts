import { pick, type Rng } from '../../common/random.ts';
import type { HeuristicAnswer, TaskDefinition, TaskInstance } from '../task-types.ts';
import { NOUN_PAIRS } from '../vocab/noun-pairs.ts';

type GrammaticalNumber = 'singular' | 'plural';

const SINGULAR_DETERMINERS = new Set(['a', 'an', 'this', 'that', 'each', 'every', 'one']);
const PLURAL_DETERMINERS = new Set(['these', 'those', 'many', 'several', 'both', 'few', 'two', 'three', 'four', 'all']);
/** determiners that say nothing about number: the noun has to */
const OPEN_DETERMINERS = new Set(['the', 'my', 'your', 'his', 'her', 'its', 'our', 'their', 'no']);
/** words that end the subject's head and start a modifier: "The keys | to the cabinet" */
const MODIFIER_STARTS = new Set([
  'of', 'to', 'near', 'behind', 'beside', 'under', 'above', 'with', 'for', 'from', 'in', 'on', 'by', 'at', 'that',
  'which', 'who', 'whom', 'whose', 'without', 'inside', 'outside', 'across', 'along',
]);
/** a clause holding one of these already has its verb */
const AUXILIARIES = new Set([
  'is', 'are', 'was', 'were', 'be', 'been', 'has', 'have', 'had', 'do', 'does', 'did', 'will', 'would', 'can',
  'could', 'should', 'may', 'might', 'must', 'shall',
]);
/** a clause may open with a conjunction before its subject: "…, but the keys" */
const CONJUNCTIONS = new Set(['and', 'but', 'so', 'yet', 'or']);
const IRREGULAR_PLURALS = new Set(['men', 'women', 'children', 'people', 'mice', 'geese', 'feet', 'teeth', 'oxen', 'data']);
/** the same form for one and many: the heuristic cannot tell and declines */
const INVARIANT = new Set(['sheep', 'fish', 'deer', 'species', 'series', 'aircraft', 'means', 'news', 'offspring']);

/**
 * Number of an English noun from its form: irregular plurals by list; "-ss", "-us", "-is"
 * ("glass", "bus", "crisis") are singular; another final "s" is plural; the rest singular.
 * Null for nouns whose form does not tell (sheep, species).
 */
export function nounNumber(noun: string): GrammaticalNumber | null {
  const w = noun.toLowerCase();
  if (INVARIANT.has(w)) return null;
  if (IRREGULAR_PLURALS.has(w)) return 'plural';
  if (/(?:ss|us|is)$/.test(w)) return 'singular';
  if (/[a-z]s$/.test(w)) return 'plural';
  return /^[a-z]+$/.test(w) ? 'singular' : null;
}

/**
 * The verb that agrees with the subject the prompt ends on: a plural head noun takes " are"
 * (or " were"), a singular one " is" (or " was"); the other number is the distractor. The head
 * is the last word of the final clause before its first modifier ("The keys | to the cabinet").
 * Declines unless the final clause is a noun phrase opened by a determiner with no verb of its
 * own yet, or when the determiner and the noun disagree, or the noun's form does not show its number.
 *
 * @example agreementHeuristic('The keys to the cabinet') // { answers: [' are', ' were'], distractors: [' is', ' was'] }
 */
export function agreementHeuristic(prompt: string): HeuristicAnswer | null {
  if (/\s$/.test(prompt)) return null;
  const clause = prompt.split(/[.!?;:\n]|,\s/).pop()!.trim();
  const words = clause.split(/\s+/);
  while (words.length > 0 && CONJUNCTIONS.has(words[0].toLowerCase())) words.shift();
  if (words.length < 2 || !words.every((w) => /^[A-Za-z]+$/.test(w))) return null;
  if (words.some((w) => AUXILIARIES.has(w.toLowerCase()))) return null;
  const determiner = words[0].toLowerCase();
  const modifier = words.findIndex((w, i) => i > 0 && MODIFIER_STARTS.has(w.toLowerCase()));
  if (modifier === 1) return null;
  const head = words[(modifier === -1 ? words.length : modifier) - 1];
  const number = nounNumber(head);
  if (number === null) return null;
  if (SINGULAR_DETERMINERS.has(determiner) && number !== 'singular') return null;
  if (PLURAL_DETERMINERS.has(determiner) && number !== 'plural') return null;
  if (!SINGULAR_DETERMINERS.has(determiner) && !PLURAL_DETERMINERS.has(determiner) && !OPEN_DETERMINERS.has(determiner)) return null;
  const plural = [' are', ' were'];
  const singular = [' is', ' was'];
  return number === 'plural' ? { answers: plural, distractors: singular } : { answers: singular, distractors: plural };
}

const PREPOSITIONS: readonly string[] = ['to', 'of', 'near', 'behind', 'beside', 'under', 'with', 'for', 'from', 'on', 'by'];
const ADJECTIVES: readonly string[] = ['old', 'new', 'small', 'big', 'red', 'broken', 'famous', 'young', 'quiet', 'strange'];
/** verbs that take any of the nouns as their object (people, things, places, ideas) */
const VERBS: readonly string[] = ['found', 'liked', 'saw', 'described', 'mentioned', 'remembered', 'loved', 'noticed'];
/** the nouns that can do something: the subject of a relative clause ("that the man saw"), never "that the tree painted" */
const AGENTS: ReadonlySet<string> = new Set([
  'dog', 'cat', 'girl', 'boy', 'man', 'woman', 'child', 'teacher', 'student', 'friend', 'bird', 'doctor', 'player', 'officer',
  'farmer', 'author', 'pilot', 'worker', 'lawyer', 'singer', 'dancer', 'nurse', 'soldier', 'driver', 'manager', 'parent',
  'neighbor', 'actor', 'writer', 'baby', 'lady', 'family', 'person', 'company',
]);
/** the nouns that have a place (for "near", "behind", "under" …): not ideas, laws, songs or stories */
const ABSTRACT: ReadonlySet<string> = new Set(['rule', 'law', 'idea', 'plan', 'program', 'song', 'movie', 'game', 'story', 'report', 'party', 'company', 'family']);
/** prepositions that place a thing in space; the rest ("of", "for", "to", "from", "with", "by") fit any noun */
const SPATIAL: ReadonlySet<string> = new Set(['near', 'behind', 'beside', 'under', 'on']);
const LEADS: readonly string[] = ['', 'We looked everywhere. ', 'Nobody knows why, but ', 'According to the report, ', 'In the morning, '];

type AgreementMeta = {
  lead: string;
  /** the modifier after the head noun: "to the cabinet", "that the man found" */
  modifier: string;
  adjective: string;
  pair: readonly [string, string];
  number: GrammaticalNumber;
  expected: string;
};

function render(meta: AgreementMeta, number: GrammaticalNumber): string {
  const subject = number === 'plural' ? meta.pair[1] : meta.pair[0];
  const determiner = meta.lead === '' || meta.lead.endsWith('. ') ? 'The' : 'the';
  return `${meta.lead}${[determiner, meta.adjective, subject, meta.modifier].filter(Boolean).join(' ')}`;
}

function generate(rng: Rng, n: number): TaskInstance<AgreementMeta>[] {
  return Array.from({ length: n }, () => {
    const number: GrammaticalNumber = rng() < 0.5 ? 'plural' : 'singular';
    const pair = pick(rng, NOUN_PAIRS);
    const relative = rng() >= 0.75;
    const preposition = pick(rng, PREPOSITIONS);
    // a relative clause needs an attractor that can act; a spatial preposition, two things with a place
    const fits = (p: readonly [string, string]) =>
      p !== pair && (relative ? AGENTS.has(p[0]) : !SPATIAL.has(preposition) || (!ABSTRACT.has(p[0]) && !ABSTRACT.has(pair[0])));
    const others = NOUN_PAIRS.filter(fits);
    const other = pick(rng, others.length > 0 ? others : NOUN_PAIRS.filter((p) => p !== pair));
    // the attractor usually has the other number: that is what makes agreement hard
    const attractorPlural = rng() < 0.8 ? number === 'singular' : number === 'plural';
    const attractor = attractorPlural ? other[1] : other[0];
    const modifier = relative ? `that the ${attractor} ${pick(rng, VERBS)}` : `${preposition} the ${attractor}`;
    const meta: AgreementMeta = {
      lead: pick(rng, LEADS),
      modifier,
      adjective: rng() < 0.3 ? pick(rng, ADJECTIVES) : '',
      pair,
      number,
      expected: number === 'plural' ? ' are' : ' is',
    };
    return { prompt: render(meta, number), meta: { ...meta }, source: 'template' as const };
  });
}

/** The subject takes the other number ("The key to the cabinet"): the verb the clean prompt needs is now wrong. */
function control(instance: TaskInstance<AgreementMeta>): string | null {
  const meta = instance.meta;
  if (!meta?.pair) return null;
  return render(meta, meta.number === 'plural' ? 'singular' : 'plural');
}

export const subjectVerbAgreement: TaskDefinition<AgreementMeta> = {
  id: 'subject-verb-agreement',
  title: 'Subject–verb agreement across an attractor',
  description:
    'A subject noun phrase with a modifier whose noun has the other number ("The keys to the cabinet"); the model ' +
    'should continue with the verb that agrees with the head noun (" are"/" were", not " is"/" was"). As in Finlayson ' +
    'et al. 2021, "Causal analysis of syntactic agreement mechanisms in neural language models".',
  status: 'known',
  generate,
  heuristic: agreementHeuristic,
  control,
  regex: {
    source: String.raw`\b[Tt]he (?:[a-z]+ ){1,2}(?:of|to|near|behind|beside|under|with|for|from|on|by|that) (?:the|a|an|my|his|her|their|our) [a-z]+(?: [a-z]+)?(?<answer> (?:is|are|was|were))\b`,
    engine: 'js',
  },
  origin: 'builtin',
};
