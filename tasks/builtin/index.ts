import type { TaskDefinition } from '../task-types.ts';
import { acronym } from './acronym.ts';
import { citationNumber } from './citation-number.ts';
import { closingTag } from './closing-tag.ts';
import { emailAddress } from './email-address.ts';
import { greaterThan } from './greater-than.ts';
import { imgAltSrc } from './img-alt-src.ts';
import { inductionNames } from './induction-names.ts';
import { inductionRandomTokens } from './induction-random-tokens.ts';
import { ioi } from './ioi.ts';
import { ioiExtended } from './ioi-extended.ts';
import { relativeLastName } from './relative-last-name.ts';
import { subjectVerbAgreement } from './subject-verb-agreement.ts';
import { successor } from './successor.ts';

/** Every built-in task, listed explicitly: known behaviours first, then proposed ones. */
export const BUILTIN_TASKS: readonly TaskDefinition[] = [
  inductionRandomTokens,
  inductionNames,
  acronym,
  ioi,
  ioiExtended,
  emailAddress,
  subjectVerbAgreement,
  citationNumber,
  relativeLastName,
  imgAltSrc,
  greaterThan,
  successor,
  closingTag,
];

/** The built-in task with this id or alias, or undefined. */
export function findBuiltinTask(idOrAlias: string): TaskDefinition | undefined {
  return BUILTIN_TASKS.find((t) => t.id === idOrAlias || t.aliases?.includes(idOrAlias));
}
