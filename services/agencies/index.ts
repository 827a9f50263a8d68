export {
  addAgency,
  agencyPrincipal,
  checkAgencyName,
  checkAgencyTopic,
  listAgencies,
  revokeAgency,
  rotateAgency,
  type Agency,
  type AgencyCredentials,
  type AgencyTopicId,
} from './agencies';
