import { localities, streetKinds, streetStems, towns } from '../synthetic-council/names';
import type { SeededRandom } from '../synthetic-council/random';

/**
 * Homes for a population of any size. The synthetic council's six towns and 1,920 streets would put
 * hundreds of households on one postcode at a million people; here the area grows with the
 * population instead: about 40 households a street, a postcode unit per 15 house numbers, and new
 * postcode districts (BA7, BS1, ...) once the first six fill up. Home `index` is a pure function of
 * `index` and the number of homes, so any home can be rebuilt without storing it.
 */
export type Home = Readonly<{ address: string; postcode: string }>;

const householdsPerStreet = 40;
const streetsPerDistrict = 60;
const streetNames: readonly string[] = streetKinds.flatMap((kind) => streetStems.map((stem) => `${stem} ${kind}`));
const areaLetters = ['BA', 'BS', 'TA', 'SN', 'GL', 'DT', 'EX', 'PL', 'TQ', 'TR', 'BH', 'SP', 'RG', 'OX', 'HR', 'WR'];
const unitLetters = 'ABDEFGHJLNPQRSTUWXYZ';
const townSuffixes = ['bury', 'ton', 'ford', 'ham', 'minster', 'wick', 'stow', 'combe'];

function district(index: number): { code: string; town: string } {
  if (index < towns.length) return { code: towns[index].district, town: towns[index].name };
  // The six towns are BA1-BA6, so carrying on from index gives BA7-BA98, then BS1-BS98, TA1-...
  const area = areaLetters[Math.floor(index / 98) % areaLetters.length];
  const number = 1 + (index % 98);
  const town = `${streetStems[(index * 7) % streetStems.length]}${townSuffixes[index % townSuffixes.length]}`;
  return { code: `${area}${number}`, town };
}

/**
 * Home `index` in an area sized for `homes` households. Indices at or beyond `homes` are houses on
 * the same streets that no cohort household lives in: where people move to, or neighbours live.
 */
export function home(index: number, homes: number): Home {
  const streets = Math.max(1, Math.ceil(homes / householdsPerStreet));
  const streetIndex = index % streets;
  const houseNumber = 1 + Math.floor(index / streets) * 2 + (streetIndex % 2);
  const { code, town } = district(Math.floor(streetIndex / streetsPerDistrict));
  const name = streetNames[(streetIndex * 7) % streetNames.length];
  const unit = (streetIndex * 3 + Math.floor(houseNumber / 15)) % (unitLetters.length * unitLetters.length);
  const sector = 1 + (streetIndex % 9);
  const postcode = `${code} ${sector}${unitLetters[Math.floor(unit / unitLetters.length)]}${unitLetters[unit % unitLetters.length]}`;
  // A locality on the line now and then, as councils' exports have it.
  const locality = streetIndex % 5 === 0 ? `, ${localities[streetIndex % localities.length]}` : '';
  return { address: `${houseNumber} ${name}${locality}, ${town}`, postcode };
}

/** A house nobody in the cohort lives in: somewhere to move to, or a stranger's home. */
export function elsewhere(random: SeededRandom, homes: number): Home {
  return home(homes + random.int(0, homes * 3 + 100), homes);
}

/**
 * Australian-style addresses for the FEBRL-like preset: number, street, suburb, state and a
 * four-digit postcode shared by a suburb, as in the FEBRL benchmark's shape (no data is taken
 * from it).
 */
const states = [['nsw', 2000], ['vic', 3000], ['qld', 4000], ['sa', 5000], ['wa', 6000], ['tas', 7000]] as const;
const auStreetKinds = ['street', 'place', 'crescent', 'circuit', 'road', 'avenue', 'close', 'parade'];

export function australianHome(random: SeededRandom): Home {
  const suburbIndex = random.int(0, 4_999);
  const [state, base] = states[suburbIndex % states.length];
  const suburb = `${streetStems[suburbIndex % streetStems.length]}${townSuffixes[Math.floor(suburbIndex / streetStems.length) % townSuffixes.length]}`.toLowerCase();
  const street = `${random.pick(streetStems).toLowerCase()} ${random.pick(auStreetKinds)}`;
  const number = random.int(1, 250);
  const flat = random.chance(0.1) ? `unit ${random.int(1, 30)} ` : '';
  return { address: `${flat}${number} ${street}, ${suburb} ${state}`, postcode: String(base + (suburbIndex % 1000)) };
}
