import { join } from 'node:path';

/** Where `stack up` writes a development client's secret (mode 0600), and where processes look for it. */
export const registryClientSecretFile = (stateDir: string, clientId: string): string => join(stateDir, 'registry-clients', `${clientId}.secret`);
