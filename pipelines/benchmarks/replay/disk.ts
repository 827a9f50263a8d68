import { statfsSync } from 'node:fs';

/**
 * Room for the run: the history once in Kafka (values plus about 5% of record and batch framing)
 * and once in the replay schema (rows, TOAST and indexes: 2.25 GB for 1.60 GB of values at 1M),
 * one replay schema at a time. A run needs twice that free, so WAL, Kafka's index files
 * and an estimate that is off do not fill the disk.
 */
export const postgresBytesPerValueByte = 1.45;

export type DiskCheck = Readonly<{ estimateBytes: number; freeBytes: number; ok: boolean }>;

export function diskCheck(events: number, meanValueBytes: number, freeBytes: number): DiskCheck {
  const kafka = events * meanValueBytes * 1.05;
  const postgres = events * meanValueBytes * postgresBytesPerValueByte;
  const estimateBytes = kafka + postgres;
  return { estimateBytes, freeBytes, ok: freeBytes >= 2 * estimateBytes };
}

/** Free bytes for an unprivileged writer on the file system holding `path`. */
export function freeBytesAt(path: string): number {
  const stats = statfsSync(path);
  return stats.bavail * stats.bsize;
}

export const gigabytes = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;
