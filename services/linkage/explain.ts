import type { Contribution } from './types';

/**
 * Contributions in plain words for the person reviewing a link: "same NHS number", "name, date of
 * birth and postcode agree", "name similar (nickname), date of birth agrees, different address".
 * Fields are read in a fixed order; neighbouring agreements are merged into one phrase.
 */
type Phrase = { agrees: string } | { says: string };

const nameSimilarity: Readonly<Record<string, string>> = {
  nickname: 'nickname',
  'one-part': 'one part of a double-barrelled name',
  'jaro-winkler-0.94': 'spelling',
  'jaro-winkler-0.88': 'spelling',
  'jaro-winkler-0.80': 'spelling',
  phonetic: 'sounds alike',
  initial: 'initial only',
};

const dateSimilarity: Readonly<Record<string, string>> = {
  'day-month-swapped': 'date of birth similar (day and month swapped)',
  'year-off-by-one': 'date of birth similar (year off by one)',
  'one-digit': 'date of birth similar (one digit differs)',
  placeholder: 'date of birth agrees but is a placeholder',
  'same-year': 'same birth year only',
  different: 'different date of birth',
};

const postcodeSimilarity: Readonly<Record<string, string>> = {
  sector: 'postcode similar (same sector)',
  'one-character': 'postcode similar (one character differs)',
  district: 'postcode similar (same district)',
  different: 'different postcode',
};

const addressSimilarity: Readonly<Record<string, string>> = {
  'number-and-street': 'address similar',
  street: 'address similar (same street)',
  'other-number-same-street': 'same street, different house number',
  'some-words': 'address partly similar',
  different: 'different address line',
};

function namePhrases(given: string, family: string): Phrase[] {
  if (given === 'missing' && family === 'missing') return [{ says: 'no name' }];
  if (given === 'swapped' || family === 'swapped') return [{ says: 'name similar (given and family names swapped)' }];
  const agreeing = (level: string) => level === 'exact' || level === 'missing';
  if (agreeing(given) && agreeing(family)) return [{ agrees: given === 'missing' ? 'family name' : family === 'missing' ? 'given name' : 'name' }];
  if (given === 'different' || family === 'different') {
    const phrases: Phrase[] = [];
    if (given === 'different') phrases.push({ says: 'different given name' });
    else if (given !== 'missing') phrases.push(given === 'exact' ? { agrees: 'given name' } : { says: `given name similar (${nameSimilarity[given]})` });
    if (family === 'different') phrases.push({ says: 'different family name' });
    else if (family !== 'missing') phrases.push(family === 'exact' ? { agrees: 'family name' } : { says: `family name similar (${nameSimilarity[family]})` });
    return phrases;
  }
  const kinds = [...new Set([given, family].filter((level) => !agreeing(level)).map((level) => nameSimilarity[level]))];
  return [{ says: `name similar (${kinds.join(', ')})` }];
}

export function explainInPlainWords(contributions: readonly Contribution[]): string {
  const level = (comparison: string) => contributions.find((c) => c.comparison === comparison)?.level ?? 'missing';
  const phrases: Phrase[] = [];
  for (const [label, plural] of [['NHS number', 'NHS numbers'], ['PNC ID', 'PNC IDs']] as const) {
    // The matcher qualifies an NHS number's level with how far it was verified: "same, verified".
    const [agreement, qualifier] = level(label).split(', ');
    const qualified = qualifier ? `${qualifier} ` : '';
    if (agreement === 'same') phrases.push({ says: `same ${qualified}${label}` });
    if (agreement === 'different') phrases.push({ says: `different ${qualified}${plural}` });
  }
  phrases.push(...namePhrases(level('given name'), level('family name')));
  const dob = level('date of birth');
  if (dob === 'exact') phrases.push({ agrees: 'date of birth' });
  else if (dob !== 'missing') phrases.push({ says: dateSimilarity[dob] });
  const postcode = level('postcode');
  const address = level('address');
  if (postcode === 'different' && (address === 'different' || address === 'missing')) phrases.push({ says: 'different address' });
  else {
    if (postcode === 'exact') phrases.push({ agrees: 'postcode' });
    else if (postcode !== 'missing') phrases.push({ says: postcodeSimilarity[postcode] });
    if (address === 'uprn') phrases.push({ agrees: 'UPRN' });
    else if (address === 'exact') phrases.push({ agrees: 'address' });
    else if (address !== 'missing') phrases.push({ says: addressSimilarity[address] });
  }
  return joinPhrases(phrases);
}

function joinPhrases(phrases: readonly Phrase[]): string {
  const out: string[] = [];
  for (let i = 0; i < phrases.length; ) {
    const phrase = phrases[i];
    if ('says' in phrase) {
      out.push(phrase.says);
      i++;
      continue;
    }
    const run: string[] = [];
    for (; i < phrases.length && 'agrees' in phrases[i]; i++) run.push((phrases[i] as { agrees: string }).agrees);
    const list = run.length === 1 ? run[0] : `${run.slice(0, -1).join(', ')} and ${run[run.length - 1]}`;
    out.push(`${list} ${run.length === 1 ? 'agrees' : 'agree'}`);
  }
  return out.length > 0 ? out.join(', ') : 'nothing to compare';
}
