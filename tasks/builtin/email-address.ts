import { pick, type Rng } from '../../common/random.ts';
import { fillTemplate } from '../template-slots.ts';
import type { HeuristicAnswer, MinedMatch, TaskDefinition, TaskInstance } from '../task-types.ts';
import { COMPANIES } from '../vocab/companies.ts';
import { FIRST_NAMES } from '../vocab/first-names.ts';
import { LAST_NAMES } from '../vocab/last-names.ts';

/** how a prompt asks for an e-mail address at its end */
const EMAIL_CUE = /(?:e-?mail(?: address)?(?: is|:)|(?:reach|e-?mail|contact|write to) me at)$/i;
/** "contact John Smith at", "email Mary Jones at": the person is named in the cue itself */
const NAMED_CUE = /\b(?:[Cc]ontact|[Ee]-?mail|[Rr]each|[Ww]rite to) ([A-Z][a-z]+) ([A-Z][a-z]+) at$/;
/** "John Smith <": the mailbox form of changelogs, mail headers and author lists (no space before the address) */
const MAILBOX_CUE = /\b([A-Z][a-z]+) ([A-Z][a-z]+) <$/;
/** how a writer gives their name: "My name is John Smith", "I'm John Smith", "Speaker: John Smith" */
const NAME = /(?:[Mm]y name is|I'm|I am|[Tt]his is|\b(?:Contact|Speaker|Author|From|Name):)\s+([A-Z][a-z]+) ([A-Z][a-z]+)\b/;
/** the employer, after the name: "I work at Apple", "from the Apple sales team", "John Smith, Apple" */
const COMPANY = /\b(?:at|for|from(?: the)?)\s+([A-Z][A-Za-z]+)\b|[,(]\s*([A-Z][A-Za-z]+)\b/;
/** an e-mail address earlier in the text: people at one place share its domain */
const ADDRESS = /[\w.+-]+@([\w-]+(?:\.[\w-]+)+)/g;

function localParts(first: string, last: string): string[] {
  const [f, l] = [first.toLowerCase(), last.toLowerCase()];
  return [...new Set([`${f}.${l}`, `${f[0]}${l}`, f, `${f}${l}`, `${f}_${l}`, `${f[0]}.${l}`, l])];
}

/** The domain of the last address in the text, if any. */
function lastDomain(text: string): string | undefined {
  let domain: string | undefined;
  for (const m of text.matchAll(ADDRESS)) domain = m[1].toLowerCase();
  return domain;
}

/**
 * The writer's work e-mail address, from their name and employer: every common spelling of
 * the local part at the company's .com domain, best guess first. Three forms:
 * - the prompt asks for the writer's address ("My email address is", "reach me at", "Email:")
 *   and names a person and, after them, a company;
 * - "contact John Smith at": the person is named in the cue; the domain is the company named
 *   after them, else the domain of the last address earlier in the text;
 * - "John Smith <" (a mailbox): the domain of the last address earlier in the text, answers
 *   without a leading space.
 * Declines when it has no name or no domain.
 *
 * @example emailHeuristic('Hi! My name is John Smith, and I work at Apple. My email address is').answers
 * // [' john.smith@apple.com', ' jsmith@apple.com', ' john@apple.com', ' johnsmith@apple.com', ' john_smith@apple.com', ' j.smith@apple.com', ' smith@apple.com']
 * @example emailHeuristic('Mary Jones <mary.jones@kde.org>\nJohn Smith <').answers[0] // 'john.smith@kde.org'
 */
export function emailHeuristic(whole: string): HeuristicAnswer | null {
  // what the heuristic reads is near the end: the name, the company, the last address before
  const prompt = whole.slice(-2000);
  const mailbox = MAILBOX_CUE.exec(prompt);
  if (mailbox) {
    const domain = lastDomain(prompt.slice(0, mailbox.index));
    return domain ? { answers: localParts(mailbox[1], mailbox[2]).map((local) => `${local}@${domain}`) } : null;
  }
  const named = NAMED_CUE.exec(prompt);
  if (named) {
    const company = COMPANY.exec(prompt.slice(0, named.index).slice(-300));
    const domain = company ? `${(company[1] ?? company[2]).toLowerCase()}.com` : lastDomain(prompt.slice(0, named.index));
    return domain ? { answers: localParts(named[1], named[2]).map((local) => ` ${local}@${domain}`) } : null;
  }
  if (!EMAIL_CUE.test(prompt)) return null;
  const name = NAME.exec(prompt);
  if (!name) return null;
  const company = COMPANY.exec(prompt.slice(name.index + name[0].length));
  if (!company) return null;
  const domain = `${(company[1] ?? company[2]).toLowerCase()}.com`;
  return { answers: localParts(name[1], name[2]).map((local) => ` ${local}@${domain}`) };
}

/**
 * Mining precondition: the address is spelled from the name of the person it belongs to (its
 * local part holds their first or last name), the only case where it can be read off the text.
 * The person is the one named in the cue, else the last "My name is …"-style name.
 */
export function addressFromName({ prompt, actual }: MinedMatch): boolean {
  const tail = prompt.slice(-2000);
  const named = MAILBOX_CUE.exec(tail) ?? NAMED_CUE.exec(tail);
  const name = named ?? [...tail.matchAll(new RegExp(NAME.source, 'g'))].at(-1);
  if (!name) return false;
  const local = actual.trim().split('@')[0].toLowerCase();
  return local.includes(name[1].toLowerCase()) || local.includes(name[2].toLowerCase());
}

/** {F} {L}: the writer, {C}: the company */
const TEMPLATES: readonly string[] = [
  'Hi! My name is {F} {L}, and I work at {C}. My email address is',
  'Hello, I\'m {F} {L} from the {C} sales team. You can reach me at',
  'Thanks for your message. I\'m {F} {L}, a manager at {C}. For anything else, email me at',
  'Dear customer, my name is {F} {L} and I work for {C}. If you have questions, contact me at',
  'This is {F} {L} from {C}. My e-mail address is',
  'Contact: {F} {L}, {C}\nEmail:',
  'Good morning! My name is {F} {L}. I am an engineer at {C}. My work email is',
  'I am {F} {L}, head of marketing at {C}. Please write to me at',
  'Speaker: {F} {L} ({C})\nE-mail:',
  'My name is {F} {L} and I have been at {C} for ten years. My email address is',
];

type EmailMeta = {
  template: number;
  slots: { F: string; L: string; C: string };
  expected: string;
};

function generate(rng: Rng, n: number): TaskInstance<EmailMeta>[] {
  return Array.from({ length: n }, () => {
    const template = Math.floor(rng() * TEMPLATES.length);
    const slots = { F: pick(rng, FIRST_NAMES), L: pick(rng, LAST_NAMES), C: pick(rng, COMPANIES) };
    const expected = ` ${slots.F.toLowerCase()}.${slots.L.toLowerCase()}@${slots.C.toLowerCase()}.com`;
    const meta: EmailMeta = { template, slots, expected };
    return { prompt: fillTemplate(TEMPLATES[template], slots), meta: { ...meta }, source: 'template' as const };
  });
}

/** Another person at another company: the address can no longer be read off the prompt. */
function control(instance: TaskInstance<EmailMeta>, rng: Rng): string | null {
  const meta = instance.meta;
  if (!meta?.slots) return null;
  const { F, L, C } = meta.slots;
  const slots = {
    F: pick(rng, FIRST_NAMES.filter((f) => f[0] !== F[0])),
    L: pick(rng, LAST_NAMES.filter((l) => l[0] !== L[0])),
    C: pick(rng, COMPANIES.filter((c) => c !== C)),
  };
  return fillTemplate(TEMPLATES[meta.template], slots);
}

export const emailAddress: TaskDefinition<EmailMeta> = {
  id: 'email-address',
  title: 'Work e-mail address from name and company',
  description:
    'A writer gives their name and employer and then their e-mail address; the model should spell it from them ' +
    '("Hi! My name is John Smith, and I work at Apple. My email address is" → " john.smith@apple.com", ' +
    '" jsmith@apple.com", " john@apple.com", …: any common spelling counts).',
  status: 'known',
  generate,
  heuristic: emailHeuristic,
  control,
  // Three ways of having asked for an address: "my email is", "contact John Smith at", and a
  // mailbox "John Smith <…>" (changelogs, mail headers: the answer has no leading space there).
  regex: {
    source: String.raw`(?:(?:[Ee]-?mail(?: address)?(?: is|:)|(?:reach|e-?mail|contact|write to) me at|\b(?:[Cc]ontact|[Ee]-?mail|[Rr]each|[Ww]rite to) [A-Z][a-z]+ [A-Z][a-z]+ at)|\b[A-Z][a-z]+ [A-Z][a-z]+ <)(?<answer> ?[\w.+-]+@[\w-]+(?:\.[\w-]+)+)`,
    engine: 'js',
  },
  isInstance: addressFromName,
  origin: 'builtin',
};
