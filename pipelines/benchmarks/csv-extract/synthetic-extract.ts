import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { quoteCsvField } from '../../../services/platform/csv';
import { SeededRandom } from '../../synthetic-council/random';

/**
 * A police extract in the layout of services/ingest/extracts/examples/police-extract.csv, written
 * row by row so the file can be as large as asked without the generator holding it. Synthetic
 * names only; about one row in fifty is bad in a way agencies' rows are bad (an unmapped incident
 * type, a date that does not exist, a missing surname), so the rejection path is measured too.
 */
const given = ['Jo', 'Sam', 'Mia', 'Alex', 'Priya', 'Liam', 'Casey', 'Robin', 'Tyler', 'Noor', 'Ade', 'Kit'];
const family = ['Testwell', 'Placeholder', 'Fictional', 'Madeup', 'Invented', 'Sampleton', 'Examplar', 'Dummyford'];
const types = ['DOM', 'DOMV', 'CONC-CHILD', 'MISPER', 'S136', 'VAP', 'ARR', 'ASB', 'VIC'];
const streets = ['Example Terrace', 'Sample Close', 'Demo Road', 'Fixture Gardens', 'Nowhere Street'];
const roles = ['V', 'S', 'W', 'C', 'SUBJ'];

const header =
  'IncidentRef,OccurredDate,OccurredTime,RecordedDateTime,IncidentType,Summary,LocationLine1,LocationLine2,Town,Postcode,UPRN,' +
  'Person1_Forename,Person1_Surname,Person1_DOB,Person1_Role,Person1_PNC,Person2_Forename,Person2_Surname,Person2_DOB,Person2_Role,Person2_PNC,' +
  'Person3_Forename,Person3_Surname,Person3_DOB,Person3_Role';

const two = (n: number) => String(n).padStart(2, '0');
const date = (random: SeededRandom, from: number, to: number) => `${two(random.int(1, 28))}/${two(random.int(1, 12))}/${random.int(from, to)}`;

function row(random: SeededRandom, n: number): string {
  const bad = random.chance(0.02) ? random.int(1, 3) : 0;
  const day = date(random, 2026, 2026);
  const person = (slot: number) =>
    slot === 0 || random.chance(0.5)
      ? [random.pick(given), bad === 3 && slot === 0 ? '' : random.pick(family), date(random, 1950, 2020), random.pick(roles), ...(slot < 2 ? [''] : [])]
      : ['', '', '', '', ...(slot < 2 ? [''] : [])];
  const fields = [
    `WYP-BENCH-${String(n).padStart(7, '0')}`,
    bad === 2 ? '31/02/2026' : day,
    `${two(random.int(0, 23))}:${two(random.int(0, 59))}`,
    `${day} ${two(random.int(0, 23))}:${two(random.int(0, 59))}:00`,
    bad === 1 ? 'TRAFFIC' : random.pick(types),
    `Synthetic incident ${n}, "as reported"\nsecond line of the log`,
    `${random.int(1, 200)} ${random.pick(streets)}`,
    '',
    'Leeds',
    `LS${random.int(1, 29)} ${random.int(1, 9)}${random.pick(['AA', 'BB', 'CD', 'XY'])}`,
    random.chance(0.5) ? String(72000000000 + random.int(0, 999999)) : '',
    ...person(0),
    ...person(1),
    ...person(2),
  ];
  return fields.map(quoteCsvField).join(',');
}

/** Writes `rows` rows (plus the header) to `file`, CRLF line endings as the force's system sends. */
export async function writeSyntheticExtract(file: string, rows: number, seed: number): Promise<number> {
  const random = new SeededRandom(seed);
  const out = createWriteStream(file);
  let bytes = 0;
  const write = async (line: string) => {
    bytes += Buffer.byteLength(line) + 2;
    if (!out.write(`${line}\r\n`)) await once(out, 'drain');
  };
  await write(header);
  for (let n = 1; n <= rows; n++) await write(row(random, n));
  out.end();
  await once(out, 'finish');
  return bytes;
}
