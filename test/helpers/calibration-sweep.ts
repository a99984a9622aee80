/**
 * Prompts per built-in task when the adversaries are judged: e-mail (a dozen multi-token
 * spellings) and greater-than (100 endings) cost many answers a prompt, so fewer prompts.
 */
export const CALIBRATION_N: Readonly<Record<string, number>> = { 'email-address': 16, 'greater-than': 24 };
