import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/**
 * Which passwords a practitioner may set. Length alone let `password1234` and twelve spaces through.
 * zxcvbn (@zxcvbn-ts, the maintained TypeScript port of Dropbox's estimator) estimates how many
 * guesses a password takes, knowing ~49,000 common passwords from breach corpora and ~7,800 common
 * words (@zxcvbn-ts/language-common), keyboard patterns, repeats, sequences, dates and l33t
 * substitutions. We ask for score 3 or better ("safely unguessable": about 10^8 guesses or more),
 * and pass the person's id and name so a password made of them scores low.
 */
export const minimumScore = 3;
export const passwordLength = { min: 12, max: 1024 } as const;

export const passwordHint = 'choose a passphrase of four or more unrelated words (spaces are fine), not a common password, a pattern or your name';

let estimator: ZxcvbnFactory | undefined;

export function passwordProblem(password: string, personal: readonly string[] = []): string | undefined {
  if (password.length < passwordLength.min) return `a password must be at least ${passwordLength.min} characters long: ${passwordHint}`;
  if (password.length > passwordLength.max) return 'a password must be at most 1,024 characters long';
  // The dictionaries are loaded on first use: the portal's other routes never need them.
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  const { score } = estimator.check(password, personal.filter((word) => word.length >= 3));
  if (password.trim() === '' || score < minimumScore) {
    return `this password is too easy to guess (it is a common or breached password, a pattern, or close to your name): ${passwordHint}`;
  }
  return undefined;
}
