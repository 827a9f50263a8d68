import { femaleGivenNames, maleGivenNames, surnames as commonSurnames } from '../synthetic-council/names';
import type { SeededRandom } from '../synthetic-council/random';

/**
 * Names for a population of up to a few million. The synthetic council's lists (100 given names,
 * 60 surnames) are kept as the common core; older-generation given names, more real surnames and
 * a long tail of compound surnames are added so that a million people do not collapse onto a few
 * thousand name pairs, while Smith and Jones stay over-represented as they are in England.
 */
const olderFemaleNames = [
  'Margaret', 'Elizabeth', 'Susan', 'Patricia', 'Catherine', 'Katherine', 'Jennifer', 'Deborah', 'Victoria', 'Alexandra',
  'Jacqueline', 'Christine', 'Barbara', 'Dorothy', 'Helen', 'Julie', 'Tracey', 'Sharon', 'Angela', 'Samantha',
  'Natalie', 'Danielle', 'Kimberley', 'Abigail', 'Bethany', 'Jade', 'Paige', 'Courtney', 'Chelsea', 'Louise',
  'Rachel', 'Sandra', 'Pauline', 'Janet', 'Gillian', 'Valerie', 'Maureen', 'Linda', 'Wendy', 'Carol',
  'Frances', 'Josephine', 'Teresa', 'Eleanor', 'Florence', 'Matilda', 'Harriet', 'Isabel', 'Jasmine', 'Layla',
  'Nadia', 'Amina', 'Natalia', 'Anita', 'Deepa', 'Sian', 'Bronwen', 'Kirsty', 'Lauren', 'Jodie',
  'Carly', 'Hayley', 'Zoe', 'Amanda', 'Dawn', 'Tina', 'Marie', 'Anne', 'Mary', 'Jane',
  'Alice', 'Anna', 'Millie', 'Phoebe', 'Scarlett', 'Elsie', 'Maisie', 'Summer', 'Willow', 'Harper',
  'Ada', 'Edith', 'Nancy', 'Violet', 'Rose', 'Martha', 'Beverley', 'Lorraine', 'Yvonne', 'Heather',
] as const;

const olderMaleNames = [
  'John', 'David', 'Michael', 'Robert', 'Richard', 'Peter', 'Christopher', 'Anthony', 'Andrew', 'Stephen',
  'Edward', 'Alexander', 'Matthew', 'Benjamin', 'Nicholas', 'Jonathan', 'Timothy', 'Patrick', 'Francis', 'Frederick',
  'Albert', 'Alfred', 'Ronald', 'Kenneth', 'Raymond', 'Keith', 'Trevor', 'Graham', 'Philip', 'Simon',
  'Martin', 'Neil', 'Ian', 'Colin', 'Barry', 'Terence', 'Dennis', 'Roger', 'Brian', 'Derek',
  'Malcolm', 'Gordon', 'Douglas', 'Ross', 'Scott', 'Jason', 'Shaun', 'Carl', 'Dale', 'Aaron',
  'Bradley', 'Ethan', 'Mason', 'Logan', 'Tyler', 'Dylan', 'Harvey', 'Louie', 'Archie', 'Max',
  'Elliot', 'Finley', 'Toby', 'Rory', 'Zachary', 'Isaac', 'Ali', 'Hassan', 'Bilal', 'Tomasz',
  'Krzysztof', 'Marek', 'Vikram', 'Rahul', 'Gareth', 'Rhys', 'Owen', 'Hugh', 'Joseph', 'Lawrence',
  'Vincent', 'Victor', 'Leonard', 'Stanley', 'Ernest', 'Harold', 'Charles', 'Gerald', 'Clive', 'Howard',
] as const;

const moreSurnames = [
  'Jenkins', 'Owen', 'Lloyd', 'Stevens', 'Shaw', 'Marshall', 'Simpson', 'Ellis', 'Collins', 'Matthews',
  'Reid', 'Murphy', 'Mills', 'Russell', 'Gray', 'Adams', 'Chapman', 'Fox', 'Palmer', 'Rogers',
  'Stewart', 'Bailey', 'Holmes', 'Campbell', 'Mason', 'Knight', 'Butler', 'Barnes', 'Fisher', 'Webb',
  'Dixon', 'Holland', 'Porter', 'Pearson', 'Murray', 'Saunders', 'Cox', 'Graham', 'Kennedy', 'Gibson',
  'Stevenson', 'Fletcher', 'Lawrence', 'Harvey', 'Burton', 'Gordon', 'Hamilton', 'Grant', 'Andrews', 'West',
  'Marsh', 'Rose', 'Kaur', 'Singh', 'Hussain', 'Ali', 'Begum', 'Shah', 'Mahmood', 'Kowalski',
  'Wisniewski', 'Lewandowski', 'Byrne', 'Doyle', 'Ryan', 'Gallagher', 'Quinn', 'Sullivan', 'McDonald', 'Macleod',
  'Fraser', 'Robertson', 'Ferguson', 'Hart', 'Pearce', 'Dawson', 'Spencer', 'Lane', 'Barker', 'Rees',
  'Nicholson', 'Powell', 'Atkinson', 'Payne', 'Gill', 'Foster', 'Howard', 'Reynolds', 'Berry', 'Henderson',
  'Wells', 'Hudson', 'Ford', 'Carr', 'Day', 'Bell', 'Chambers', 'Cole', 'Page', 'Hopkins',
  'Burns', 'Kemp', 'Hayes', 'Parsons', 'Lambert', 'Newman', 'Sharp', 'Francis', 'Bates', 'Armstrong',
  'Brooks', 'Hodgson', 'Duncan', 'Walsh', 'Perry', 'Sutton', 'Booth', 'Lowe', 'Jennings', 'Osborne',
] as const;

// Compound surnames (Ashworth, Thornley, ...) form the long tail: each is rare, as most are.
const surnameStems = [
  'Ash', 'Black', 'Brad', 'Brom', 'Burn', 'Chad', 'Cress', 'Dart', 'Elling', 'Fair', 'Farn', 'Gold', 'Hather', 'Hay',
  'Hol', 'Kirk', 'Lang', 'Lid', 'Mar', 'Mid', 'Net', 'North', 'Oak', 'Pen', 'Ram', 'Rad', 'Red', 'Ridg', 'Rush',
  'Sal', 'Sand', 'Shel', 'South', 'Stan', 'Stock', 'Thorn', 'Tod', 'Wal', 'Whit', 'Wick', 'Wild', 'Win', 'Wor',
  'Yar', 'Ald', 'Ather', 'Bar', 'Cal', 'Dun', 'Eg', 'Hen', 'Lock', 'Mor', 'Pres', 'Sef', 'Tre', 'Ux', 'Ver', 'Brig', 'Crom',
] as const;
const surnameSuffixes = [
  'worth', 'ton', 'ley', 'field', 'ham', 'ford', 'wood', 'by', 'more', 'well', 'combe', 'stead', 'bury', 'ridge',
  'dale', 'croft', 'hurst', 'land', 'wick', 'shaw', 'thorpe', 'cott', 'den', 'brook', 'man', 'ling', 'er', 'ington', 'stone', 'hill',
] as const;

// Built once so a million people share a few thousand string instances.
const compoundSurnames: readonly string[] = surnameStems.flatMap((stem) => surnameSuffixes.map((suffix) => stem + suffix));

export const givenNamesBySex = {
  female: [...femaleGivenNames, ...olderFemaleNames] as readonly string[],
  male: [...maleGivenNames, ...olderMaleNames] as readonly string[],
} as const;

export const veryCommonSurnames: readonly string[] = commonSurnames;

/** Zipf-like weights over the common core, so Smith is drawn about twice as often as the fifth name. */
const commonWeights = commonSurnames.map((name, rank) => [name, 1 / Math.pow(rank + 1, 0.8)] as const);

export type Sex = 'female' | 'male';

export function pickGivenName(random: SeededRandom, sex: Sex): string {
  return random.pick(givenNamesBySex[sex]);
}

/**
 * A surname: a quarter from the common core (Smith, Jones, ... weighted), a quarter from other real
 * surnames, half from the compound tail. About 1 in 28 people is a Smith and 1 in 48 a Jones:
 * deliberately more than in England, because common surnames are where linkage goes wrong.
 */
export function pickSurname(random: SeededRandom): string {
  const roll = random.next();
  if (roll < 0.25) return random.weighted(commonWeights);
  if (roll < 0.5) return random.pick(moreSurnames);
  return random.pick(compoundSurnames);
}

export const isVeryCommonSurname = (surname: string): boolean => commonSurnameSet.has(surname);
const commonSurnameSet = new Set<string>(commonSurnames);
