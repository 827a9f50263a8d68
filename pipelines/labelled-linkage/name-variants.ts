import type { SeededRandom } from '../synthetic-council/random';

/**
 * How the same person's name is written differently by different agencies: nicknames a police
 * officer writes down because that is what the person said, and spellings a clerk heard.
 */
const nicknameTable: Readonly<Record<string, readonly string[]>> = {
  William: ['Bill', 'Billy', 'Will', 'Willy'], Margaret: ['Peggy', 'Maggie', 'Meg', 'Madge'],
  Elizabeth: ['Liz', 'Beth', 'Betty', 'Lizzie', 'Eliza'], Robert: ['Bob', 'Rob', 'Bobby', 'Robbie'],
  Richard: ['Rick', 'Dick', 'Rich', 'Richie'], James: ['Jim', 'Jimmy', 'Jamie'], Thomas: ['Tom', 'Tommy'],
  Joseph: ['Joe', 'Joey'], Daniel: ['Dan', 'Danny'], Samuel: ['Sam', 'Sammy'], Jacob: ['Jake'], Joshua: ['Josh'],
  Alexander: ['Alex', 'Sandy', 'Xander'], Christopher: ['Chris', 'Kit'], Michael: ['Mike', 'Mick', 'Micky'],
  Anthony: ['Tony', 'Ant'], Andrew: ['Andy', 'Drew'], Edward: ['Ed', 'Ted', 'Eddie', 'Ned'], Henry: ['Harry', 'Hal'],
  Charles: ['Charlie', 'Chas'], Frederick: ['Fred', 'Freddie'], Nicholas: ['Nick', 'Nicky'], Matthew: ['Matt'],
  Benjamin: ['Ben', 'Benny'], Jonathan: ['Jon', 'Jonny'], Timothy: ['Tim', 'Timmy'], Patrick: ['Pat', 'Paddy'],
  Stephen: ['Steve', 'Stevie'], Steven: ['Steve'], Peter: ['Pete'], David: ['Dave', 'Davy'], Philip: ['Phil'],
  Kenneth: ['Ken', 'Kenny'], Raymond: ['Ray'], Leonard: ['Len', 'Lenny'], Stanley: ['Stan'], Albert: ['Bert', 'Al'],
  Alfred: ['Alf', 'Alfie'], Oliver: ['Ollie'], Terence: ['Terry'], Gerald: ['Gerry'], Lawrence: ['Larry', 'Laurie'],
  Zachary: ['Zach'], Frances: ['Fran', 'Frankie'], Francis: ['Frank', 'Frankie'], Catherine: ['Cathy', 'Kate', 'Kath'],
  Katherine: ['Kate', 'Katie', 'Kathy'], Jennifer: ['Jen', 'Jenny'], Deborah: ['Debbie', 'Deb'], Victoria: ['Vicky', 'Tori'],
  Alexandra: ['Alex', 'Lexi'], Rebecca: ['Becky', 'Becca'], Jessica: ['Jess', 'Jessie'], Charlotte: ['Lottie', 'Charlie'],
  Isabella: ['Bella', 'Izzy'], Amelia: ['Millie', 'Mia'], Olivia: ['Liv', 'Livvy'], Sophia: ['Sophie'],
  Samantha: ['Sam', 'Sammie'], Susan: ['Sue', 'Susie'], Patricia: ['Pat', 'Trish', 'Patsy'], Christine: ['Chris', 'Chrissie'],
  Barbara: ['Babs', 'Barb'], Dorothy: ['Dot', 'Dolly'], Abigail: ['Abbie', 'Abby'], Eleanor: ['Ellie', 'Nell'],
  Florence: ['Flo', 'Florrie'], Josephine: ['Jo', 'Josie'], Teresa: ['Tess', 'Terri'], Harriet: ['Hattie'],
  Matilda: ['Tilly'], Nicola: ['Nicky', 'Nic'], Joanne: ['Jo', 'Jo-Anne'], Michelle: ['Shelley'], Gillian: ['Jill', 'Gill'],
  Natalie: ['Nat'], Danielle: ['Dani'], Kimberley: ['Kim'], Mary: ['Molly', 'Polly'], Anne: ['Annie'], Emily: ['Em', 'Emmy'],
  Megan: ['Meg'], Isabel: ['Izzy', 'Bel'], Jacqueline: ['Jackie'], Valerie: ['Val'], Beverley: ['Bev'],
  Mohammed: ['Mo'], Ibrahim: ['Ibby'], Jakub: ['Kuba'], Tomasz: ['Tomek'], Krzysztof: ['Chris'], Piotr: ['Peter'],
  Aleksandra: ['Ola'], Zofia: ['Zosia'], Gareth: ['Gaz'], Darren: ['Daz'], Leanne: ['Lea'],
};

/** Spellings that sound the same, both ways round: the clerk heard it, the person never spelt it. */
const soundsLikeGroups: readonly (readonly string[])[] = [
  ['Stephen', 'Steven', 'Stephan'], ['Catherine', 'Katherine', 'Kathryn', 'Katharine'], ['Sean', 'Shaun', 'Shawn'],
  ['Mohammed', 'Muhammad', 'Mohammad', 'Mohamed'], ['Aisha', 'Ayesha', 'Aysha'], ['Zofia', 'Sofia', 'Sophia'],
  ['Jakub', 'Jacob', 'Jakob'], ['Reece', 'Rhys', 'Reese'], ['Kayleigh', 'Kayley', 'Kaleigh', 'Kaylee'],
  ['Leanne', 'Lianne', 'Leeann'], ['Stacey', 'Stacy', 'Stacie'], ['Connor', 'Conor'], ['Callum', 'Calum'],
  ['Lewis', 'Louis'], ['Stuart', 'Stewart'], ['Philip', 'Phillip'], ['Jon', 'John'], ['Geoffrey', 'Jeffrey'],
  ['Zoe', 'Zoey'], ['Isobel', 'Isabel', 'Isabelle'], ['Ellie', 'Elly'], ['Freya', 'Freyja'], ['Amelia', 'Emilia'],
  ['Clarke', 'Clark'], ['Thompson', 'Thomson', 'Tomson'], ['Davies', 'Davis', 'Davys'], ['Phillips', 'Philips'],
  ['Griffiths', 'Griffith'], ['Mathews', 'Matthews'], ['Reid', 'Read', 'Reed'], ['Gray', 'Grey'], ['Stevens', 'Stephens'],
  ['Stevenson', 'Stephenson'], ['Macleod', 'McLeod', 'MacLeod'], ['McDonald', 'MacDonald'], ['Hussain', 'Husain', 'Hussein'],
  ['Ahmed', 'Ahmad'], ['Khan', 'Kahn'], ['Lloyd', 'Loyd'], ['Byrne', 'Burn', 'Byrnes'], ['Nowak', 'Novak'],
  ['Kowalski', 'Kovalski'], ['Hayes', 'Hays'], ['Moore', 'More', 'Moor'], ['Hall', 'Haul'], ['Allen', 'Allan', 'Alan'],
  ['Wright', 'Right'], ['Wood', 'Woods'], ['Cooke', 'Cook'], ['Browne', 'Brown'], ['Smyth', 'Smith', 'Smithe'],
];
const soundsLike = new Map<string, readonly string[]>();
for (const group of soundsLikeGroups) for (const name of group) soundsLike.set(name, group.filter((other) => other !== name));

/** Letter patterns a listener cannot tell apart, for names no table knows. */
const phoneticRules: readonly (readonly [RegExp, string])[] = [
  [/ph/, 'f'], [/ck/, 'k'], [/ie$/, 'y'], [/y$/, 'ie'], [/ey$/, 'y'], [/ou/, 'ow'], [/^C(?=[aou])/, 'K'],
  [/^K(?=[aou])/, 'C'], [/th/, 't'], [/ll/, 'l'], [/tt/, 't'], [/nn/, 'n'], [/ai/, 'ay'], [/son$/, 'sen'],
  [/z/, 's'], [/ee/, 'ea'], [/ea/, 'ee'], [/er$/, 'a'], [/(?<=[a-z])s$/, 'z'], [/i(?=[^aeiou]e$)/, 'y'],
];

export const nicknamesOf = (givenName: string): readonly string[] => nicknameTable[givenName] ?? [];

export const hasNickname = (givenName: string): boolean => nicknamesOf(givenName).length > 0;

export function nickname(random: SeededRandom, givenName: string): string | undefined {
  const options = nicknamesOf(givenName).filter((option) => option !== givenName);
  return options.length > 0 ? random.pick(options) : undefined;
}

/** Another spelling that sounds the same, from the table or by rule; undefined if none differs. */
export function phoneticVariant(random: SeededRandom, name: string): string | undefined {
  const known = soundsLike.get(name);
  if (known && known.length > 0) return random.pick(known);
  const applicable = phoneticRules.filter(([pattern]) => pattern.test(name));
  if (applicable.length === 0) return undefined;
  const [pattern, replacement] = random.pick(applicable);
  const variant = name.replace(pattern, replacement);
  return variant !== name && variant.length > 1 ? variant : undefined;
}
