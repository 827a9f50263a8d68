import { loadKeyFile } from '../platform/secret-files';

/**
 * The pseudonym key lives in a file of its own (LIVE_RISK_PSEUDONYM_KEY_FILE), outside every
 * output, so pseudonyms can be joined across runs but not reversed by whoever reads them.
 */
export async function loadPseudonymKey(file: string): Promise<Buffer> {
  return loadKeyFile(
    file,
    'the pseudonym key',
    'set LIVE_RISK_PSEUDONYM_KEY_FILE to a writable path, or move the broken file away to start a new key (old pseudonyms will no longer join)',
  );
}
