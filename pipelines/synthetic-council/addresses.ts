import { addressKey as matcherAddressKey } from '../../services/matcher/normalise';
import type { Address } from '../../services/contracts';
import { streetKinds, streetStems, towns } from './names';
import { seedFrom, type SeededRandom } from './random';
import { outsiderUprn } from './identifiers';

export type Street = { name: string; town: string; postcode: string };

const streetCount = towns.length * streetStems.length * streetKinds.length;
const unitLetters = 'ABDEFGHJLNPQRSTUWXYZ'; // the letters UK postcodes use in the last two places
// Coprime with streetCount: consecutive households land on streets spread over every town.
const streetStride = 7;

/** Street number `index` (0 ≤ index < streetCount) with its own postcode in its town's district. */
export function street(index: number): Street {
  const town = towns[index % towns.length];
  const inTown = Math.floor(index / towns.length);
  const name = `${streetStems[inTown % streetStems.length]} ${streetKinds[Math.floor(inTown / streetStems.length)]}`;
  const unit = Math.floor(inTown / 9);
  const postcode = `${town.district} ${1 + (inTown % 9)}${unitLetters[Math.floor(unit / unitLetters.length)]}${unitLetters[unit % unitLetters.length]}`;
  return { name, town: town.name, postcode };
}

/**
 * The street and house number of cohort household `household` out of `households`. About a dozen
 * cohort homes share a street (more once every street is used); numbers on one street never repeat
 * because each household takes its own block of three.
 */
export function cohortHome(random: SeededRandom, household: number, households: number): { street: Street; number: number } {
  const streetsInUse = Math.min(streetCount, Math.max(1, Math.ceil(households / 12)));
  const slot = household % streetsInUse;
  const block = Math.floor(household / streetsInUse);
  return { street: street((slot * streetStride) % streetCount), number: block * 3 + random.int(1, 3) };
}

/** A random address anywhere in the area; the caller checks it is not a cohort home. */
export function anyAddress(random: SeededRandom): Address {
  const { name, town, postcode } = street(random.int(0, streetCount - 1));
  return withUprn({ line1: `${random.int(1, 180)} ${name}`, town, postcode });
}

/** Another house on the same street as `home`: the neighbour who rings the police, say. */
export function neighbourOf(random: SeededRandom, home: Address): Address {
  const streetName = home.line1.replace(/^\d+\s+/, '');
  return withUprn({ line1: `${random.int(1, 180)} ${streetName}`, town: home.town, postcode: home.postcode });
}

/** Non-cohort addresses get a UPRN derived from the address, so the same house keeps its UPRN. */
function withUprn(address: Address): Address {
  return { ...address, uprn: outsiderUprn(seedFrom(address.line1, address.postcode)) };
}

/** The matcher's own address key, so "not a cohort home" here means the same as it does there. */
export function addressKey(address: Pick<Address, 'line1' | 'postcode'>): string {
  return matcherAddressKey(address.line1, address.postcode);
}
