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
export { addAgencyAccess, revokeAgencyAccess, rotateAgencyAccess, type AgencyAccess } from './access';
