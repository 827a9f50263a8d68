import { nhsNumberVerificationStatuses, type Address, type InvolvedPerson, type NhsNumberVerificationStatus } from '../../contracts';
import { nhsNumberSystem, verificationStatusExtension, verificationStatusSystems, type FhirPatient } from './fhir-shape';

export type Problem = Readonly<{ path?: string; message: string }>;

/**
 * A UK Core Patient as the person in a health contact, and the address we file the contact under.
 * Reads: the NHS number identifier and its verification status, the official (else first) name,
 * the birth date when it is a full date, and the current home (else first current) address.
 */
export function patientPerson(patient: FhirPatient, at: string, problems: Problem[]): InvolvedPerson {
  const names = patient.name ?? [];
  const name = names.find((n) => n.use === 'official') ?? names.find((n) => n.use !== 'old' && n.use !== 'anonymous') ?? names[0];
  const givenName = name?.given?.join(' ').trim() ?? '';
  const familyName = name?.family?.trim() ?? '';
  if (!givenName || !familyName) problems.push({ path: `${at}.name`, message: 'the Patient needs a name with both given and family parts (use "official")' });
  // FHIR allows a partial birth date (1990, 1990-05); only a full one is a date of birth to match on.
  const dateOfBirth = patient.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(patient.birthDate) ? patient.birthDate : undefined;
  const identifiers = nhsIdentifiers(patient, at, problems);
  return {
    role: 'patient',
    givenName,
    familyName,
    ...(dateOfBirth ? { dateOfBirth } : {}),
    ...(identifiers ? { identifiers } : {}),
  };
}

function nhsIdentifiers(patient: FhirPatient, at: string, problems: Problem[]): InvolvedPerson['identifiers'] {
  const index = (patient.identifier ?? []).findIndex((identifier) => identifier.system === nhsNumberSystem && identifier.value);
  if (index < 0) return undefined;
  const identifier = patient.identifier![index];
  const path = `${at}.identifier[${index}]`;
  const nhsNumber = identifier.value!.replace(/\s/g, '');
  if (!/^\d{10}$/.test(nhsNumber)) {
    problems.push({ path: `${path}.value`, message: 'the NHS number should be 10 digits' });
    return undefined;
  }
  const status = verificationStatus(identifier.extension ?? [], path, problems);
  return { nhsNumber, ...(status ? { nhsNumberVerificationStatus: status } : {}) };
}

function verificationStatus(extensions: NonNullable<NonNullable<FhirPatient['identifier']>[number]['extension']>, path: string, problems: Problem[]): NhsNumberVerificationStatus | undefined {
  const extension = extensions.find((e) => e.url === verificationStatusExtension);
  if (!extension) return undefined;
  const codings = extension.valueCodeableConcept?.coding ?? [];
  const coding = codings.find((c) => c.system && (verificationStatusSystems as readonly string[]).includes(c.system));
  const code = coding?.code;
  if (!code || !Object.prototype.hasOwnProperty.call(nhsNumberVerificationStatuses, code)) {
    const sent = codings.map((c) => `${c.code ?? '(no code)'} (system ${c.system ?? 'none'})`).join(', ') || 'no coding';
    problems.push({
      path: `${path}.extension`,
      message: `the NHS number verification status should be a code 01–08 of ${verificationStatusSystems[0]}; got ${sent}`,
    });
    return undefined;
  }
  return code as NhsNumberVerificationStatus;
}

export function patientAddress(patient: FhirPatient, at: string, problems: Problem[]): Address {
  const current = (patient.address ?? []).filter((a) => !a.period?.end && a.use !== 'old' && a.postalCode);
  const address = current.find((a) => a.use === 'home') ?? current[0];
  if (!address) {
    problems.push({ path: `${at}.address`, message: 'the Patient needs a current address with a postalCode (use "home")' });
    return { line1: '', postcode: '' };
  }
  const [line1 = '', line2] = address.line ?? [];
  if (!line1) problems.push({ path: `${at}.address.line`, message: 'the Patient\'s address needs at least one line' });
  return { line1, ...(line2 ? { line2 } : {}), ...(address.city ? { town: address.city } : {}), postcode: address.postalCode ?? '' };
}
