/**
 * Real-looking snippets for the built-in mining tasks, each labelled with what the miner must
 * make of it: how many regex matches, and for each judged match whether the heuristic agrees
 * with the text, disagrees or declines, and whether it is a real instance of the behaviour.
 * The traps are the ones met in real crawls: an author's name before a project's acronym,
 * array indices in code, `<img src alt>`, a bot's address in a changelog, one-token surnames.
 */

export type PlantKind = 'agree' | 'disagree' | 'declined';

export interface PlantedSnippet {
  text: string;
  /** one entry per regex match, in text order: its kind and whether it is a real instance */
  matches: { kind: PlantKind; instance: boolean }[];
  /** census counts it adds, by label */
  census?: Record<string, number>;
  /** why it is labelled so */
  why: string;
}

const agree = { kind: 'agree', instance: true } as const;
const disagreeReal = { kind: 'disagree', instance: true } as const;
const disagreeFalse = { kind: 'disagree', instance: false } as const;
const agreeFalse = { kind: 'agree', instance: false } as const;
const declined = { kind: 'declined', instance: false } as const;

export const PLANTED_BUILTIN: Record<string, PlantedSnippet[]> = {
  acronym: [
    { text: 'Funding came from the National Institutes of Health (NIH) and others.', matches: [agree], why: 'initials of the name, connector skipped' },
    { text: 'Release notes. Patches by Martin Sprickerhof (GCS) were merged.', matches: [disagreeFalse], why: "an author's name before a project's acronym" },
    { text: 'He then founded The Agency (TA) in a small town.', matches: [declined], why: 'one word once the article is dropped: the heuristic declines' },
    { text: 'In Big Government Agency (BGA) news, the budget grew.', matches: [disagreeReal], why: 'a real acronym, but the heuristic takes "In" as part of the name' },
    { text: 'The World Health Organization (WHO) said so. The Royal Mail (XYZ) was late.', matches: [agree, disagreeFalse], why: 'one real, one not' },
  ],
  'citation-number': [
    { text: 'Copper conducts well [1]. Silver conducts even better [2]. Gold is rare.', matches: [agree], why: 'a running citation count' },
    { text: 'int main() { return argv[1] + argv[2] + a[3][4]; }', matches: [], why: 'array indices in code: no match at all' },
    { text: 'As shown before [3]. Later work disagreed [7].', matches: [disagreeReal], why: 'a real citation that skips numbers' },
    { text: 'Lists such as [1] and slices such as [2:5] are common.', matches: [agreeFalse], why: 'a slice, not a citation: the number does not close a bracket' },
  ],
  'img-alt-src': [
    { text: '<img alt="A red car" src="red_car.jpg"><img alt="A blue boat" src="blue_boat.jpg">', matches: [agree], census: { '<img> tags': 2, '<img> tags with alt before src': 2 }, why: 'names made from alt texts' },
    { text: '<img src="a.jpg" alt="first"> <img src="b.jpg" alt="second">', matches: [], census: { '<img> tags': 2, '<img> tags with alt before src': 0 }, why: 'src before alt: the behaviour cannot apply' },
    { text: '<img alt="A red car" src="red_car.jpg">\n<img alt="A blue boat" src="IMG_0001.jpg">', matches: [disagreeReal], census: { '<img> tags': 2, '<img> tags with alt before src': 2 }, why: 'a camera name' },
  ],
  'email-address': [
    { text: 'Authors:\nMary Jones <mary.jones@kde.org>\nJohn Smith <john.smith@kde.org>\n', matches: [declined, agree], why: 'mailbox form: the first has no earlier domain, the second shares it' },
    { text: 'Anna Berg works for Acme. For press questions contact Anna Berg at anna.berg@acme.com today.', matches: [agree], why: '"contact X at", company named before' },
    { text: 'Maintainer: Dev Team <dev@builds.example.org>\nBuild Bot <ci@builds.example.org>\n', matches: [declined, disagreeFalse], why: "a bot's address is not spelled from its name" },
    { text: 'Hi! My name is John Smith, and I work at Apple. My email address is smithj@apple.com thanks', matches: [disagreeReal], why: 'spelled from the name, in a way the heuristic does not list' },
  ],
  'induction-names': [
    { text: 'Pyotr Tchaikovsky wrote the ballet in 1876. Everyone loved the music of Pyotr Tchaikovsky at once.', matches: [agree], why: 'a multi-token surname, cut after its first token' },
    { text: 'Thanks to Martin Sprickerhof for the patch. The release was tagged by Martin Sprickerhof too.', matches: [agree], why: 'GPT-2 reads " Spr|icker|hof": the prompt ends in " Spr", not " S"' },
    { text: 'John Smith was here on Monday. Later that week John Smith left again.', matches: [declined], why: 'a one-token surname leaves nothing to complete' },
  ],
};

/** Filler without capitals, brackets, tags or "@": it can create no match of its own. */
const FILLER = 'and then the rest of the page went on about other things for a while';

export function plantedBuiltinDocs(task: string): string[] {
  return PLANTED_BUILTIN[task].map((s) => `${FILLER}. ${s.text}\n${FILLER}.`);
}

export function plantedExpectation(task: string) {
  const matches = PLANTED_BUILTIN[task].flatMap((s) => s.matches);
  const count = (f: (m: (typeof matches)[number]) => boolean) => matches.filter(f).length;
  const census: Record<string, number> = {};
  for (const s of PLANTED_BUILTIN[task]) for (const [label, n] of Object.entries(s.census ?? {})) census[label] = (census[label] ?? 0) + n;
  return {
    matches: matches.length,
    instances: count((m) => m.instance),
    answered: count((m) => m.kind !== 'declined'),
    agreed: count((m) => m.kind === 'agree'),
    declined: count((m) => m.kind === 'declined'),
    census,
  };
}
