import type { DataSource } from 'typeorm';
import { dataKeyAad, open, seal } from './envelope';
import type { KeyRing } from './key-ring';

export interface RotationReport {
  activeKeyId: string;
  rewrapped: number;
  alreadyCurrent: number;
}

/**
 * Re-wraps every batch data key that is not under the active master key. Card keys themselves are
 * untouched (they are sealed with the data keys), so rotation is quick however many keys exist.
 * Each batch is its own transaction, so an interrupted rotation simply resumes.
 */
export async function rotateMasterKey(
  dataSource: DataSource,
  ring: KeyRing,
  progress: (done: number) => void = () => undefined,
): Promise<RotationReport> {
  const active = ring.active;
  let rewrapped = 0;
  for (;;) {
    const batch = await dataSource.transaction(async (tx) => {
      const [row] = (await tx.query(
        `SELECT id, master_key_id, wrapped_data_key FROM card_keys.batches
          WHERE master_key_id <> $1 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [active.id],
      )) as Array<{ id: string; master_key_id: string; wrapped_data_key: Buffer }>;
      if (!row) return null;
      const dataKey = open(ring.masterKey(row.master_key_id), row.wrapped_data_key, dataKeyAad(row.id));
      await tx.query(`UPDATE card_keys.batches SET master_key_id = $2, wrapped_data_key = $3 WHERE id = $1`, [
        row.id,
        active.id,
        seal(active.key, dataKey, dataKeyAad(row.id)),
      ]);
      return row.id;
    });
    if (!batch) break;
    rewrapped += 1;
    if (rewrapped % 100 === 0) progress(rewrapped);
  }
  const [{ n }] = (await dataSource.query(`SELECT count(*)::int AS n FROM card_keys.batches WHERE master_key_id = $1`, [
    active.id,
  ])) as [{ n: number }];
  return { activeKeyId: active.id, rewrapped, alreadyCurrent: n - rewrapped };
}
