import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { LiveRiskError } from '../platform/errors';
import { loadKeyFile } from '../platform/secret-files';

/**
 * One AES-256 data key per family, kept in PostgreSQL (`family_keys`, migration 018) wrapped by the
 * master key, which lives in a file (LIVE_RISK_MASTER_KEY_FILE) and never in the database: a copy of
 * the database alone opens nothing. Destroying a family's key (erasure) makes every sealed field of
 * its events unreadable wherever copies of them are, Kafka included.
 */
export type KeyForOpening = Buffer | 'erased' | 'none';

export interface FamilyKeys {
  /** The family's key, created on first use. Throws FAMILY_ERASED once the family is erased. */
  forSealing(familyId: string): Promise<Buffer>;
  /** The family's key; 'erased' once destroyed; 'none' when nothing was ever sealed for it. */
  forOpening(familyId: string): Promise<KeyForOpening>;
}

export async function loadMasterKey(file: string): Promise<Buffer> {
  return loadKeyFile(
    file,
    'the master key of the families’ keys',
    'set LIVE_RISK_MASTER_KEY_FILE to the master key file restored from backup; a new master key cannot open the families’ keys wrapped by the old one',
  );
}

type Row = { family_id: string; wrapped_key: Buffer | null; iv: Buffer | null; tag: Buffer | null; master_key_id: string; destroyed_at: Date | null };
type Cached = { key: KeyForOpening; until: number };

/**
 * Unwrapped keys are cached per process, bounded (oldest out first) and for a short while only, so
 * an erasure made by another process takes effect here within `cacheSeconds` even for a family
 * whose key this process holds. An erased family is remembered for good: its key never comes back.
 */
export class FamilyKeyring implements FamilyKeys {
  private readonly cache = new Map<string, Cached>();
  private readonly opening = new Map<string, Promise<KeyForOpening>>();
  private readonly sealing = new Map<string, Promise<Buffer>>();
  /**
   * A publisher seals a thousand events at once (publishEvents): key lookups wait for one of a few
   * slots instead of asking the pool for a thousand connections.
   */
  private slotsFree = 4;
  private readonly waiting: Array<() => void> = [];
  readonly masterKeyId: string;

  constructor(
    private readonly db: Knex,
    private readonly masterKey: Buffer,
    private readonly maxCached = 20_000,
    private readonly cacheSeconds = 30,
  ) {
    if (masterKey.length < 32) throw new LiveRiskError('CONFIG_INVALID', 'the master key must be 32 bytes: AES-256 wraps the families’ keys');
    this.masterKey = masterKey.subarray(0, 32);
    this.masterKeyId = createHash('sha256').update(this.masterKey).digest('hex').slice(0, 16);
  }

  async forSealing(familyId: string): Promise<Buffer> {
    const cached = this.cache.get(familyId);
    if (cached && cached.key !== 'erased' && cached.key !== 'none' && cached.until > Date.now()) return cached.key;
    // One lookup (and creation) per family at a time, however many events of it are sealed at once.
    const pending = this.sealing.get(familyId) ?? this.withSlot(() => this.keyToSeal(familyId)).finally(() => this.sealing.delete(familyId));
    this.sealing.set(familyId, pending);
    return pending;
  }

  private async keyToSeal(familyId: string): Promise<Buffer> {
    const known = await this.lookUp(familyId);
    if (known === 'erased') throw erased(familyId);
    if (known !== 'none') return known;
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    cipher.setAAD(Buffer.from(familyId, 'utf8'));
    const wrapped = Buffer.concat([cipher.update(key), cipher.final()]);
    // Two processes sealing for a new family at once: the first key stored wins, both use it.
    await this.db('family_keys').insert({ family_id: familyId, wrapped_key: wrapped, iv, tag: cipher.getAuthTag(), master_key_id: this.masterKeyId }).onConflict('family_id').ignore();
    this.cache.delete(familyId);
    const stored = await this.lookUp(familyId);
    if (stored === 'erased') throw erased(familyId);
    if (stored === 'none') throw new LiveRiskError('INTERNAL', 'a family key was stored but cannot be read back');
    return stored;
  }

  async forOpening(familyId: string): Promise<KeyForOpening> {
    const cached = this.cache.get(familyId);
    if (cached && (cached.key === 'erased' || cached.until > Date.now())) return cached.key;
    const pending = this.opening.get(familyId) ?? this.withSlot(() => this.lookUp(familyId)).finally(() => this.opening.delete(familyId));
    this.opening.set(familyId, pending);
    return pending;
  }

  private async lookUp(familyId: string): Promise<KeyForOpening> {
    const row: Row | undefined = await this.db('family_keys').where({ family_id: familyId }).first();
    const key = row ? this.unwrap(row) : 'none';
    // 'none' is not cached: a key another process creates a moment later must be found.
    if (key !== 'none') this.remember(familyId, key);
    return key;
  }

  private async withSlot<T>(work: () => Promise<T>): Promise<T> {
    while (this.slotsFree === 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.slotsFree -= 1;
    try {
      return await work();
    } finally {
      this.slotsFree += 1;
      this.waiting.shift()?.();
    }
  }

  /** Forgets what this process holds for a family (the erasing process, after destroying its key). */
  forget(familyId: string): void {
    this.cache.delete(familyId);
  }

  private unwrap(row: Row): KeyForOpening {
    if (row.destroyed_at || !row.wrapped_key || !row.iv || !row.tag) return 'erased';
    if (row.master_key_id !== this.masterKeyId) {
      throw new LiveRiskError('CONFIG_INVALID', `family keys were wrapped by master key ${row.master_key_id}, but the master key file holds ${this.masterKeyId}`, {
        hint: 'set LIVE_RISK_MASTER_KEY_FILE to the master key this database was used with (restore it from backup); never start a new one over existing keys',
      });
    }
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, row.iv);
    decipher.setAAD(Buffer.from(row.family_id, 'utf8'));
    decipher.setAuthTag(row.tag);
    return Buffer.concat([decipher.update(row.wrapped_key), decipher.final()]);
  }

  private remember(familyId: string, key: KeyForOpening): void {
    this.cache.delete(familyId);
    this.cache.set(familyId, { key, until: Date.now() + this.cacheSeconds * 1000 });
    if (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value as string);
  }
}

export const erased = (familyId: string): LiveRiskError =>
  new LiveRiskError('FAMILY_ERASED', `family ${familyId} was erased: nothing more is published about it`, {
    hint: 'an erased family cannot be enrolled again under the same id; give it a new family id if it rejoins the programme',
  });

/** Destroys a family's key for good, in the caller's transaction. */
export async function destroyFamilyKey(trx: Knex.Transaction, familyId: string, masterKeyId: string): Promise<void> {
  // A family that never had a key still gets a destroyed row, so nothing is ever sealed for it again.
  await trx('family_keys')
    .insert({ family_id: familyId, wrapped_key: null, iv: null, tag: null, master_key_id: masterKeyId, destroyed_at: trx.fn.now() })
    .onConflict('family_id')
    .merge({ wrapped_key: null, iv: null, tag: null, destroyed_at: trx.fn.now() });
}
