import { describe, expect, it } from 'vitest';
import { spellsInitials } from '../../../tasks/builtin/acronym.ts';
import { citationHeuristic, closesCitation } from '../../../tasks/builtin/citation-number.ts';
import { addressFromName, emailHeuristic } from '../../../tasks/builtin/email-address.ts';
import { inductionHeuristic } from '../../../tasks/builtin/induction-random-tokens.ts';

describe('mining preconditions and declines of the built-in tasks, on real-looking text', () => {
  it('GIVEN an acronym after its words, with connectors THEN its letters are the initials; an author before a project acronym THEN not', () => {
    expect(spellsInitials({ prompt: 'Data from the Bureau of Labor Statistics (', actual: 'BLS', after: ') show' })).toBe(true);
    expect(spellsInitials({ prompt: 'Thanks to Martin Sprickerhof (', actual: 'GCS', after: ')' })).toBe(false);
    expect(spellsInitials({ prompt: 'see (1) and the Royal Mail (', actual: 'RM', after: ')' })).toBe(true);
  });

  it('GIVEN a bracket right after an identifier, a bracket or a quote THEN the citation heuristic declines (code, not a citation)', () => {
    expect(citationHeuristic('x = argv[1] + argv[')).toBeNull();
    expect(citationHeuristic('m[0][')).toBeNull();
    expect(citationHeuristic('d["a"][1] then d["b"][')).toBeNull();
    expect(citationHeuristic('Copper conducts [1]. Silver too [')).toStrictEqual({ answers: ['2'] });
    // earlier indices in code do not count as citations either
    expect(citationHeuristic('a[7] is set. Then prose cites it [')).toBeNull();
    expect(closesCitation({ prompt: '', actual: '2', after: '] and' })).toBe(true);
    expect(closesCitation({ prompt: '', actual: '2', after: ':5]' })).toBe(false);
  });

  it('GIVEN a mailbox "Name <" after an address at a domain THEN the addresses are spelled at that domain, without a leading space', () => {
    const answer = emailHeuristic('Signed-off-by: Mary Jones <mary.jones@kde.org>\nSigned-off-by: John Smith <');
    expect(answer?.answers.slice(0, 3)).toStrictEqual(['john.smith@kde.org', 'jsmith@kde.org', 'john@kde.org']);
    expect(emailHeuristic('Signed-off-by: John Smith <')).toBeNull(); // no domain to go by
  });

  it('GIVEN "contact X at" THEN the named person\'s address is spelled at the company named before', () => {
    expect(emailHeuristic('Anna Berg works at Acme. For interviews, contact Anna Berg at')?.answers[0]).toBe(' anna.berg@acme.com');
  });

  it("GIVEN an address not spelled from its owner's name THEN it is not a real instance", () => {
    expect(addressFromName({ prompt: 'Build Bot <', actual: 'ci@example.org', after: '>' })).toBe(false);
    expect(addressFromName({ prompt: 'Mary Jones <', actual: 'mjones@example.org', after: '>' })).toBe(true);
  });

  it('GIVEN a repeat whose next word carries punctuation or markup THEN the answer is the bare word', () => {
    expect(inductionHeuristic('the cat sat, on the mat. the cat')).toStrictEqual({ answers: [' sat'] });
    expect(inductionHeuristic('<p>the cat sat</p> on the mat. the cat')).toStrictEqual({ answers: [' sat'] });
  });
});
