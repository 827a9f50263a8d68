export { startPortal, type PortalOptions, type RunningPortal } from './server';
export { passwordAuthenticator, type Authenticator, type SignInOutcome } from './authenticator';
export { setPassword, lockOut } from './accounts';
export { assignCover, endCover, type CoverAssignment } from './cover';
export { hashPassword, verifyPassword, defaultScrypt, type ScryptParameters } from './passwords';
