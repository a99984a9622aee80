import { pick, type Rng } from '../../common/random.ts';
import { fillTemplate } from '../template-slots.ts';
import type { HeuristicAnswer, TaskDefinition, TaskInstance } from '../task-types.ts';
import { COMPANIES } from '../vocab/companies.ts';
import { FIRST_NAMES } from '../vocab/first-names.ts';
import { LAST_NAMES } from '../vocab/last-names.ts';

/** how a prompt asks for an e-mail address at its end */
const EMAIL_CUE = /(?:e-?mail(?: address)?(?: is|:)|(?:reach|e-?mail|contact|write to) me at)$/i;
/** how a writer gives their name: "My name is John Smith", "I'm John Smith", "Speaker: John Smith" */
const NAME = /(?:[Mm]y name is|I'm|I am|[Tt]his is|\b(?:Contact|Speaker|Author|From|Name):)\s+([A-Z][a-z]+) ([A-Z][a-z]+)\b/;
/** the employer, after the name: "I work at Apple", "from the Apple sales team", "John Smith, Apple" */
const COMPANY = /\b(?:at|for|from(?: the)?)\s+([A-Z][A-Za-z]+)\b|[,(]\s*([A-Z][A-Za-z]+)\b/;

/**
 * The writer's work e-mail address, from their name and employer: every common spelling of
 * the local part at the company's .com domain, best guess first. Declines unless the prompt
 * ends by asking for the address ("My email address is", "reach me at", "Email:") and names
 * a person and, after them, a company.
 *
 * @example emailHeuristic('Hi! My name is John Smith, and I work at Apple. My email address is').answers
 * // [' john.smith@apple.com', ' jsmith@apple.com', ' john@apple.com', ' johnsmith@apple.com', ' john_smith@apple.com', ' j.smith@apple.com', ' smith@apple.com']
 */
export function emailHeuristic(prompt: string): HeuristicAnswer | null {
  if (!EMAIL_CUE.test(prompt)) return null;
  const name = NAME.exec(prompt);
  if (!name) return null;
  const company = COMPANY.exec(prompt.slice(name.index + name[0].length));
  if (!company) return null;
  const [first, last] = [name[1].toLowerCase(), name[2].toLowerCase()];
  const domain = `${(company[1] ?? company[2]).toLowerCase()}.com`;
  const locals = [`${first}.${last}`, `${first[0]}${last}`, first, `${first}${last}`, `${first}_${last}`, `${first[0]}.${last}`, last];
  return { answers: [...new Set(locals)].map((local) => ` ${local}@${domain}`) };
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

interface EmailMeta {
  template: number;
  slots: { F: string; L: string; C: string };
  expected: string;
}

function generate(rng: Rng, n: number): TaskInstance[] {
  return Array.from({ length: n }, () => {
    const template = Math.floor(rng() * TEMPLATES.length);
    const slots = { F: pick(rng, FIRST_NAMES), L: pick(rng, LAST_NAMES), C: pick(rng, COMPANIES) };
    const expected = ` ${slots.F.toLowerCase()}.${slots.L.toLowerCase()}@${slots.C.toLowerCase()}.com`;
    const meta: EmailMeta = { template, slots, expected };
    return { prompt: fillTemplate(TEMPLATES[template], slots), meta: { ...meta }, source: 'template' as const };
  });
}

/** Another person at another company: the address can no longer be read off the prompt. */
function control(instance: TaskInstance, rng: Rng): string | null {
  const meta = instance.meta as unknown as EmailMeta | undefined;
  if (!meta?.slots) return null;
  const { F, L, C } = meta.slots;
  const slots = {
    F: pick(rng, FIRST_NAMES.filter((f) => f[0] !== F[0])),
    L: pick(rng, LAST_NAMES.filter((l) => l[0] !== L[0])),
    C: pick(rng, COMPANIES.filter((c) => c !== C)),
  };
  return fillTemplate(TEMPLATES[meta.template], slots);
}

export const emailAddress: TaskDefinition = {
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
  regex: { source: String.raw`(?:[Ee]-?mail(?: address)?(?: is|:)|(?:reach|e-?mail|contact|write to) me at)(?<answer> [\w.+-]+@[\w-]+(?:\.[\w-]+)+)` },
  origin: 'builtin',
};
