export { startPortal, type PortalOptions, type RunningPortal } from './server';
export { passwordAuthenticator, type Authenticator, type SignInOutcome } from './authenticator';
export { setPassword, setRoles, defaultBackOff, type BackOff } from './accounts';
export { portalRoles, isPortalRole, hasRole, type PortalRole } from './roles';
export { assignCover, endCover, type CoverAssignment } from './cover';
export { hashPassword, verifyPassword, defaultScrypt, type ScryptParameters } from './passwords';
export { registerSchoolDsl, findSchoolStaff, type SchoolStaff } from './school-staff';
