import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { insertAudit } from '@/db/queries/audit';
import type { Db } from '@/db/client';
import { companyIdsByTaxId, upsertPasses, type PassImportRow } from '@/db/queries/ops';
import { normalisePassNumber, normaliseIdentity, validateIdentity } from '../values/identity';
import { normaliseTaxId } from '../values/tax-id';
import { isCalendarDay } from '../values/dates';
import { normaliseText } from '../values/text';
import { englishText } from '../i18n/messages';
import { parseCsv } from './csv';

/** The documented header of the issuing system's export. */
export const PASS_CSV_HEADER = [
  'pass_number',
  'holder_identity_number',
  'holder_name',
  'company_tax_id',
  'valid_from',
  'valid_until',
] as const;

/** The report lists this many rejected lines and counts the rest. */
export const REJECTIONS_LISTED = 1000;

/** Rows parsed and checked between two yields to the event loop (well under a millisecond each). */
const CHECK_BATCH = 2000;

/**
 * A sentence by its message key (messages/<locale>.json) and values, so that each reader gets it
 * in its own language: the console page translates it, the CLI prints it in English.
 */
export interface ImportMessage {
  key: string;
  values?: Record<string, string | number>;
}

export type ImportRejection = ImportMessage & { line: number };

export interface ImportSummary {
  total: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** The first REJECTIONS_LISTED rejected lines, in file order. */
  rejected: ImportRejection[];
  /** Every rejected line. */
  rejectedCount: number;
}

/** A file the import cannot read at all (its first line is not the header): nothing written. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
  constructor(readonly reason: ImportMessage) {
    super(inEnglish(reason));
  }
}

/** An import sentence in English, from messages/en.json (the CLI's language). */
export const inEnglish = ({ key, values }: ImportMessage): string => englishText(key, values);

const DAY = /^(\d{4})[-/](\d{2})[-/](\d{2})$/;

function parseDay(value: string): string | null {
  const m = DAY.exec(value);
  const day = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  return isCalendarDay(day) ? day : null;
}

const reason = (key: string, values?: ImportMessage['values']): ImportMessage => ({
  key: `console.importReasons.${key}`,
  ...(values ? { values } : {}),
});

class DryRun extends Error {}

/**
 * `passes import`: checks every row, then upserts the good ones by pass number in one transaction
 * per batch, each with its audit row. A bad row is reported with its line and reason and never
 * stops the rest. The file is read a batch of rows at a time, yielding to the event loop between
 * batches, and only the first REJECTIONS_LISTED rejections are kept: a file of junk neither
 * stalls the instance nor grows its memory with every line.
 */
export async function importPasses(
  db: Db,
  csv: string,
  options: {
    dryRun?: boolean;
    batchSize?: number;
    onProgress?: (done: number, total: number) => void;
    /** Who imports, for the audit log ('operator:<os user>', 'console:<login>'). */
    actor: string;
  },
): Promise<ImportSummary> {
  const rows = parseCsv(csv);
  const headerRow = rows.next();
  const header = headerRow.done
    ? null
    : headerRow.value[1].map((h) => normaliseText(h).toLowerCase());
  if (!header || PASS_CSV_HEADER.some((h, i) => header[i] !== h)) {
    throw new ImportFileError({
      key: 'console.importErrors.header',
      values: { header: PASS_CSV_HEADER.join(',') },
    });
  }

  const summary: ImportSummary = {
    total: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
    rejectedCount: 0,
  };
  const companies = new Map<string, number>();
  const lookedUp = new Set<string>();
  const seen = new Map<string, number>();
  const good: PassImportRow[] = [];

  const check = async (batch: Array<[number, string[]]>) => {
    // The batch's companies not looked up yet, in one query.
    const taxIds = new Set<string>();
    for (const [, f] of batch) {
      const taxId = f.length === PASS_CSV_HEADER.length ? normaliseTaxId(f[3]) : null;
      if (taxId && !lookedUp.has(taxId)) taxIds.add(taxId);
    }
    if (taxIds.size) {
      for (const [taxId, id] of await companyIdsByTaxId(db, { taxIds: [...taxIds] }))
        companies.set(taxId, id);
      for (const taxId of taxIds) lookedUp.add(taxId);
    }
    for (const [line, f] of batch) {
      summary.total += 1;
      const problem = checkRow(f, line);
      if (problem) {
        summary.rejectedCount += 1;
        if (summary.rejected.length < REJECTIONS_LISTED)
          summary.rejected.push({ line, ...problem });
      }
    }
  };

  const checkRow = (f: string[], line: number): ImportMessage | null => {
    if (f.length !== PASS_CSV_HEADER.length)
      return reason('fields', { expected: PASS_CSV_HEADER.length, found: f.length });
    const passNumber = normalisePassNumber(f[0]);
    const first = seen.get(passNumber);
    if (first === undefined) seen.set(passNumber, line);
    if (!/^[A-Z0-9][A-Z0-9-]{0,31}$/.test(passNumber)) return reason('passNumber');
    if (first !== undefined) return reason('duplicate', { passNumber, firstLine: first });
    const identity = normaliseIdentity(f[1]);
    const identityProblem = validateIdentity(identity);
    // The forms' own sentences: one identity rule, said the same way everywhere.
    if (identityProblem === 'shape') return { key: 'validation.identityFormat' };
    if (identityProblem === 'checksum') return { key: 'validation.identityChecksum' };
    const name = normaliseText(f[2]);
    if (!name || name.length > 100) return reason('name');
    const taxId = normaliseTaxId(f[3]);
    if (!taxId) return reason('taxId');
    if (!companies.has(taxId)) return reason('unknownCompany', { taxId });
    const validFrom = parseDay(normaliseText(f[4]));
    const validUntil = parseDay(normaliseText(f[5]));
    if (!validFrom || !validUntil) return reason('dates');
    if (validUntil < validFrom) return reason('dateOrder');
    good.push({
      passNumber,
      holderIdentityNumber: identity,
      holderName: name,
      companyId: companies.get(taxId)!,
      validFrom,
      validUntil,
    });
    return null;
  };

  let batch: Array<[number, string[]]> = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length < CHECK_BATCH) continue;
    await check(batch);
    batch = [];
    // Other requests of this instance are served between two batches.
    await yieldToEventLoop();
  }
  await check(batch);

  const batchSize = options.batchSize ?? 1000;
  for (let i = 0; i < good.length; i += batchSize) {
    const rowsOfBatch = good.slice(i, i + batchSize);
    try {
      await db.transaction(async (tx) => {
        const { inserted, updated } = await upsertPasses(tx, rowsOfBatch);
        summary.inserted += inserted;
        summary.updated += updated;
        summary.unchanged += rowsOfBatch.length - inserted - updated;
        if (options.dryRun) throw new DryRun();
        // Each committed batch is accountable on its own: an import cut short (a restart, a
        // database error) leaves an audit row for every batch it wrote.
        await insertAudit(tx, {
          actor: options.actor,
          action: 'passes.import',
          subject: 'passes',
          details: {
            rows: `${i + 1}-${i + rowsOfBatch.length} of ${good.length}`,
            inserted,
            updated,
            unchanged: rowsOfBatch.length - inserted - updated,
            rejected: i === 0 ? summary.rejectedCount : 0,
          },
        });
      });
    } catch (error) {
      if (!(error instanceof DryRun)) throw error;
    }
    options.onProgress?.(Math.min(i + batchSize, good.length), good.length);
  }
  return summary;
}
