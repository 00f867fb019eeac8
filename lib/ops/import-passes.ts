import { insertAudit } from '@/db/queries/audit';
import type { Db } from '@/db/client';
import { companyIdsByTaxId, upsertPasses, type PassImportRow } from '@/db/queries/ops';
import {
  maskIdentity,
  normalisePassNumber,
  normaliseIdentity,
  validateIdentity,
} from '../identity';
import { normaliseTaxId } from '../tax-id';
import { isCalendarDay } from '../dates';
import { normaliseText } from '../text';
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

export interface ImportSummary {
  total: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: Array<{ line: number; reason: string }>;
}

const DAY = /^(\d{4})[-/](\d{2})[-/](\d{2})$/;

function parseDay(value: string): string | null {
  const m = DAY.exec(value);
  const day = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  return isCalendarDay(day) ? day : null;
}

class DryRun extends Error {}

/**
 * `passes import`: validates every row, then upserts the good ones by pass number in one
 * transaction per batch, each with its audit row. A bad row is reported with its line and reason
 * and never stops the rest.
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
  const rows = [...parseCsv(csv)];
  const [headerRow, ...dataRows] = rows;
  const header = headerRow?.[1].map((h) => normaliseText(h).toLowerCase());
  if (!header || PASS_CSV_HEADER.some((h, i) => header[i] !== h)) {
    throw new Error(`the first line must be the header: ${PASS_CSV_HEADER.join(',')}`);
  }

  const summary: ImportSummary = {
    total: dataRows.length,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
  };
  const taxIds = new Set(dataRows.map(([, f]) => normaliseTaxId(f[3]) ?? '').filter(Boolean));
  const companies = await companyIdsByTaxId(db, { taxIds: [...taxIds] });
  const seen = new Map<string, number>();
  const good: PassImportRow[] = [];

  for (const [line, f] of dataRows) {
    const reject = (reason: string) => summary.rejected.push({ line, reason });
    if (f.length !== PASS_CSV_HEADER.length) {
      reject(`expected ${PASS_CSV_HEADER.length} fields, found ${f.length}`);
      continue;
    }
    const passNumber = normalisePassNumber(f[0]);
    const identity = normaliseIdentity(f[1]);
    const name = normaliseText(f[2]);
    const taxId = normaliseTaxId(f[3]);
    const validFrom = parseDay(normaliseText(f[4]));
    const validUntil = parseDay(normaliseText(f[5]));
    if (!/^[A-Z0-9][A-Z0-9-]{0,31}$/.test(passNumber)) reject('invalid pass number');
    else if (seen.has(passNumber))
      reject(`duplicate pass number ${passNumber} (first on line ${seen.get(passNumber)})`);
    else if (validateIdentity(identity) === 'shape')
      reject(`invalid identity number format: ${maskIdentity(identity)}`);
    else if (validateIdentity(identity) === 'checksum')
      reject(`identity number check digit is wrong: ${maskIdentity(identity)}`);
    else if (!name || name.length > 100) reject('holder name is empty or too long');
    else if (!taxId) reject('invalid 統一編號 (company_tax_id)');
    else if (!companies.has(taxId)) reject(`unknown company ${taxId}`);
    else if (!validFrom || !validUntil) reject('dates must be YYYY-MM-DD');
    else if (validUntil < validFrom) reject('valid_until is before valid_from');
    else {
      good.push({
        passNumber,
        holderIdentityNumber: identity,
        holderName: name,
        companyId: companies.get(taxId)!,
        validFrom,
        validUntil,
      });
    }
    if (!seen.has(passNumber)) seen.set(passNumber, line);
  }

  const batchSize = options.batchSize ?? 1000;
  for (let i = 0; i < good.length; i += batchSize) {
    const batch = good.slice(i, i + batchSize);
    try {
      await db.transaction(async (tx) => {
        const { inserted, updated } = await upsertPasses(tx, batch);
        summary.inserted += inserted;
        summary.updated += updated;
        summary.unchanged += batch.length - inserted - updated;
        if (options.dryRun) throw new DryRun();
        // Each committed batch is accountable on its own: an import cut short (a restart, a
        // database error) leaves an audit row for every batch it wrote.
        await insertAudit(tx, {
          actor: options.actor,
          action: 'passes.import',
          subject: 'passes',
          details: {
            rows: `${i + 1}-${i + batch.length} of ${good.length}`,
            inserted,
            updated,
            unchanged: batch.length - inserted - updated,
            rejected: i === 0 ? summary.rejected.length : 0,
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
