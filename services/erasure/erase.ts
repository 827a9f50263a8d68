import type { Knex } from 'knex';
import { appendAuditEntries } from '../audit';
import { cohortEventId } from '../cohort/cohort-events-from-rows';
import type { CohortEvent } from '../contracts';
import { addToOutbox } from '../platform/outbox';
import type { Runtime } from '../platform/runtime';
import { destroyFamilyKey } from '../sealing/family-keys';
import { activeHolds, type Hold } from './holds';
import { purgeFamily, surveyFamily, type FamilyHoldings } from './purge';

/**
 * `live-risk erase`: crypto-shredding. In one transaction, under a lock per family: check no
 * safeguarding hold, destroy the family's key (so every sealed copy of its personal data, in Kafka
 * and anywhere else, is unreadable for good), remove its rows from the projections, record the
 * decision in the audit log, and queue `family.erased` on cohort.events.v1 so the log itself says
 * the family is gone. A rebuild or replay afterwards finds nothing of the family to apply.
 */
export type ErasureRequest = Readonly<{
  familyId: string;
  reason: string;
  basis: string;
  /** Who decided, as the audit log names actors: 'operator:<user>', or 'system' for the scheduled retention run. */
  actor: string;
  dryRun: boolean;
}>;

export type ErasureOutcome =
  | Readonly<{ kind: 'held'; holds: readonly Hold[] }>
  | Readonly<{ kind: 'unknown' }>
  | Readonly<{ kind: 'already-erased' }>
  | Readonly<{ kind: 'would-erase'; holdings: FamilyHoldings; hasKey: boolean }>
  | Readonly<{ kind: 'erased'; removed: FamilyHoldings; auditSeq: number }>;

type KeyState = 'present' | 'destroyed' | 'none';

export async function eraseFamily(runtime: Pick<Runtime, 'db' | 'topics' | 'keys' | 'outbox'>, request: ErasureRequest): Promise<ErasureOutcome> {
  const outcome = await runtime.db.transaction((trx) => eraseWithin(trx, runtime, request));
  if (outcome.kind === 'erased') await afterErasure(runtime, [request.familyId]);
  return outcome;
}

/**
 * The erasure itself, in the caller's transaction: `eraseFamily`'s own, or the retention run's,
 * which erases the closed cases past their period. Once that transaction commits, call
 * `afterErasure` with the families erased.
 */
export async function eraseWithin(trx: Knex.Transaction, runtime: Pick<Runtime, 'topics' | 'keys'>, request: ErasureRequest): Promise<ErasureOutcome> {
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`live-risk.erasure.${request.familyId}`]);
  const keyRow: { destroyed_at: Date | null } | undefined = await trx('family_keys').where({ family_id: request.familyId }).first('destroyed_at');
  const key: KeyState = !keyRow ? 'none' : keyRow.destroyed_at ? 'destroyed' : 'present';
  if (key === 'destroyed') return { kind: 'already-erased' };
  const holds = await activeHolds(trx, request.familyId);
  if (holds.length > 0) return { kind: 'held', holds };
  const holdings = await surveyFamily(trx, request.familyId);
  if (key === 'none' && Object.keys(holdings).length === 0) return { kind: 'unknown' };
  if (request.dryRun) return { kind: 'would-erase', holdings, hasKey: key === 'present' };

  await destroyFamilyKey(trx, request.familyId, runtime.keys.masterKeyId);
  const removed = await purgeFamily(trx, request.familyId);
  const [entry] = await appendAuditEntries(trx, [
    {
      kind: 'erasure',
      actor: request.actor,
      familyId: request.familyId,
      justification: request.reason,
      detail: { action: 'erase', basis: request.basis, keyDestroyed: key === 'present', rowsRemoved: Object.values(removed).reduce((sum, rows) => sum + rows, 0) },
    },
  ]);
  const erased: CohortEvent = {
    type: 'family.erased',
    eventId: cohortEventId(request.familyId, 'family.erased'),
    familyId: request.familyId,
    recordedAt: new Date().toISOString(),
    erasureId: String(entry.seq),
  };
  await addToOutbox(trx, [{ topic: runtime.topics.cohort, key: request.familyId, payload: erased }]);
  return { kind: 'erased', removed, auditSeq: entry.seq };
}

/** After the erasures' transaction committed: this process forgets their keys, and family.erased goes out. */
export async function afterErasure(runtime: Pick<Runtime, 'keys' | 'outbox'>, familyIds: readonly string[]): Promise<void> {
  if (familyIds.length === 0) return;
  for (const familyId of familyIds) runtime.keys.forget(familyId);
  await runtime.outbox.flush();
}
