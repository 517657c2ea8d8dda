import { randomBytes, randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  paginateScan,
  type QueryCommandInput,
  type ScanCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { maskedCustomer } from '../../cases/execution-name.ts';
import {
  anonymisedAlert,
  anonymisedAuditEntry,
  anonymisedLedgerEntry,
  type CaseStopper,
  caseExecutionNameOf,
  checkErasable,
  ERASURE_COUNTS,
  type ErasureCountKey,
  type ErasureCounts,
  emptyCounts,
  isOpenCase,
  mentionsAny,
  pseudonymFor,
  searchTerms,
} from '../../privacy/erasure-plan.ts';
import { keepResultFacts, type ResultWindows } from '../../privacy/kept-result-facts.ts';
import type { ReportAlert } from '../../reports/build-report.ts';
import { policyNow } from '../../time/time-scale.ts';
import type { ZonedClock } from '../../time/zoned-clock.ts';
import { withRetries } from '../aws-retry.ts';
import type { TableKey, TableNames } from '../table-specs.ts';
import { BenefitLedger } from './benefit-ledger.ts';
import { type CountedMove, CountedMoves, cancellationCodes } from './counted-moves.ts';
import { DynamoDbReportSource } from './dynamodb-report-source.ts';

export interface ErasureRequest {
  /** The operator who asked: kept on the erasure record. */
  by: string;
  via: 'cli' | 'api';
  /** The authenticated caller (an API request's IAM principal), when there is one. */
  caller?: string;
}

export interface ErasureResult {
  /** The erasure record's id (CaseAudit `erasure#ID`); none when nothing was held. */
  erasureId?: string;
  /** `nothing-held`: the tables held nothing about the id (never known, or erased before); no record is written. */
  outcome: 'erased' | 'nothing-held';
  /** An erasure that had stopped half way was taken up and finished. */
  resumed: boolean;
  /** What this erasure did in all, over every run of it. */
  counts: ErasureCounts;
}

export interface ErasureOptions {
  /** The policy's clock: the erasure record's times are written in its zone, like the audit's. */
  clock: ZonedClock;
  /** The policy's result windows: the figures a closed case's results need are kept over them. */
  windows: ResultWindows;
  /** Stops open cases; without one, a customer with an open case is refused before anything changes. */
  cases?: CaseStopper;
  now?: () => number;
}

/** The customer has an open case and nothing to stop it with was given. Nothing was changed. */
export class CaseStopperMissingError extends Error {
  override readonly name = 'CaseStopperMissingError';
}

type Item = Record<string, unknown>;

type Move = CountedMove<ErasureCountKey>;

/** What an erasure under way keeps, keyed by the customer id, until it has finished: how a rerun finds it. */
interface Marker {
  erasureId: string;
  /** The key of the pseudonyms: random, kept only here, deleted at the end (then nobody can link them). */
  pseudonymKey: string;
  startedAt: string;
}

const DAY_MS = 86_400_000;
const MAX_ATTEMPTS = 10;
const markerKey = (customerId: string) => ({ caseKey: `erasing#${customerId}`, entryKey: 'marker' });
const recordKey = (erasureId: string) => ({ caseKey: `erasure#${erasureId}`, entryKey: 'erasure' });

/**
 * Erases a customer on request (SPEC section 8, PIPL Art. 47): stops an open case, deletes the
 * file, contact data, events, risk-list rows and rejected records, and moves the cases (alerts,
 * audit entries, ledger entries) under unlinkable pseudonyms with only what the reports count.
 * The erasure record (CaseAudit, `erasure#ID`) says when, who asked and how many items of each
 * table, never whose.
 *
 * Every item is deleted, or moved, in a transaction with its count on the record and on condition
 * that it is still there (counted-moves.ts): a retried or repeated write changes nothing and counts
 * nothing twice.
 * An erasure stopped half way is finished by running it again: a marker keyed by the customer id
 * (the only item that links the id to the erasure, deleted last) gives the rerun the same erasure
 * and the same pseudonyms, and the order leaves what is not done findable:
 * - open cases are stopped first, so no case step writes about the customer any more;
 * - the customer's item next, so no scan raises a new alert (raising needs the item);
 * - rejected records before the contact data, because they are found by its values too;
 * - per case, the audit entries and ledger entries before the alert: an alert still under the
 *   id is a case not finished, found again by the rerun;
 * - the events after the cases, because a closed case's kept result figures are computed from them;
 * - last, a sweep of each case's audit and ledger entries written while it moved (a link answered then).
 */
export class CustomerErasure {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;
  readonly #options: ErasureOptions;
  readonly #reportSource: DynamoDbReportSource;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames, options: ErasureOptions) {
    this.#doc = doc;
    this.#tables = tables;
    this.#options = options;
    this.#reportSource = new DynamoDbReportSource(doc, tables, options.clock);
  }

  async erase(customerId: string, request: ErasureRequest): Promise<ErasureResult> {
    checkErasable(customerId);
    const alerts = await this.#items('alerts', 'query', {
      KeyConditionExpression: 'customerId = :id',
      ExpressionAttributeValues: { ':id': customerId },
      ConsistentRead: true,
    });
    const open = alerts.filter(isOpenCase);
    const stopper = this.#options.cases;
    if (open.length > 0 && stopper === undefined) {
      throw new CaseStopperMissingError(
        `customer ${maskedCustomer(customerId)} has ${open.length} open case(s) to stop and no case state machine was given; nothing was changed`,
      );
    }
    const { marker, resumed } = await this.#begin(customerId, request);

    for (const alert of open) await stopper?.stop(caseExecutionNameOf(customerId, alert));
    await this.#apply(marker, [{ table: 'customers', key: { customerId }, counts: ['customers'] }]);

    const contact = await this.#get('contacts', { customerId });
    const terms = searchTerms(customerId, contact);
    const rejects = await this.#items('rejects', 'scan', {
      FilterExpression: terms.map((_, i) => `contains(#record, :t${i})`).join(' OR '),
      ExpressionAttributeNames: { '#record': 'record' },
      ExpressionAttributeValues: Object.fromEntries(terms.map((term, i) => [`:t${i}`, JSON.stringify(term)])),
    });
    await this.#apply(
      marker,
      rejects
        .filter((item) => mentionsAny(String(item.record ?? ''), terms))
        .map((item) => ({
          table: 'rejects',
          key: { batchId: item.batchId, recordIndex: item.recordIndex },
          counts: ['rejects'],
        })),
    );
    if (contact !== undefined)
      await this.#apply(marker, [{ table: 'contacts', key: { customerId }, counts: ['contacts'] }]);

    const rows = await this.#items('snapshots', 'scan', {
      FilterExpression: 'customerId = :id',
      ExpressionAttributeValues: { ':id': customerId },
    });
    await this.#apply(
      marker,
      rows.map((row) => ({
        table: 'snapshots',
        key: { snapshotId: row.snapshotId, entryKey: row.entryKey },
        counts: ['snapshots'],
      })),
    );

    for (const alert of alerts) await this.#anonymiseCase(marker, customerId, alert);
    await this.#deleteEvents(marker, customerId);
    // The emailed links name the case they open: gone with it, after the cases stopped issuing them.
    const links = await this.#items('links', 'query', {
      IndexName: 'byCustomer',
      KeyConditionExpression: 'customerId = :id',
      ExpressionAttributeValues: { ':id': customerId },
      ProjectionExpression: 'linkId',
    });
    await this.#apply(
      marker,
      links.map((link) => ({ table: 'links', key: { linkId: link.linkId }, counts: ['links'] })),
    );
    // A link answered while the cases were moved may have written its audit entry after them (the
    // page takes the step from the alert, then writes): swept up before the marker goes.
    for (const alert of alerts) await this.#moveCaseRecords(marker, customerId, String(alert.alertId));
    return this.#finish(customerId, marker, resumed);
  }

  /** The marker of an erasure of this customer under way, or a new one with its record: both in one transaction. */
  async #begin(customerId: string, request: ErasureRequest): Promise<{ marker: Marker; resumed: boolean }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const existing = await this.#get('audit', markerKey(customerId));
      if (existing !== undefined) {
        const marker = existing as unknown as Marker;
        await withRetries(() =>
          this.#doc.send(
            new UpdateCommand({
              TableName: this.#tables.audit,
              Key: recordKey(marker.erasureId),
              UpdateExpression: 'SET #resumed = list_append(if_not_exists(#resumed, :none), :run)',
              ConditionExpression: 'attribute_exists(caseKey)',
              ExpressionAttributeNames: { '#resumed': 'resumed' },
              ExpressionAttributeValues: {
                ':none': [],
                ':run': [
                  {
                    by: request.by,
                    via: request.via,
                    at: this.#now(),
                    ...(request.caller ? { caller: request.caller } : {}),
                  },
                ],
              },
            }),
          ),
        );
        return { marker, resumed: true };
      }
      const startedAt = this.#now();
      const marker: Marker = {
        erasureId: randomUUID(),
        pseudonymKey: randomBytes(32).toString('base64url'),
        startedAt,
      };
      const record = {
        ...recordKey(marker.erasureId),
        kind: 'erasure',
        erasureId: marker.erasureId,
        requestedBy: request.by,
        via: request.via,
        ...(request.caller ? { caller: request.caller } : {}),
        startedAt,
        status: 'in_progress',
        counts: emptyCounts(),
      };
      try {
        await this.#send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.#tables.audit,
                  Item: { ...markerKey(customerId), ...marker },
                  ConditionExpression: 'attribute_not_exists(caseKey)',
                },
              },
              {
                Put: {
                  TableName: this.#tables.audit,
                  Item: record,
                  ConditionExpression: 'attribute_not_exists(caseKey)',
                },
              },
            ],
          }),
        );
        return { marker, resumed: false };
      } catch (error) {
        // Another run of the same erasure began at the same moment: take up its marker.
        if (cancellationCodes(error)?.[0] !== 'ConditionalCheckFailed') throw error;
      }
    }
    throw new Error(`erasure of ${maskedCustomer(customerId)}: could not begin after ${MAX_ATTEMPTS} attempts`);
  }

  /** A case: its audit entries and ledger entries under the pseudonym, then the alert (stopped when open, with its result figures when closed). */
  async #anonymiseCase(marker: Marker, customerId: string, alert: Item): Promise<void> {
    const alertId = String(alert.alertId);
    await this.#moveCaseRecords(marker, customerId, alertId);
    const facts =
      typeof alert.closedAt === 'string' && !isOpenCase(alert) && alert.holdout !== true
        ? await this.#resultFacts(alert)
        : undefined;
    const pseudonym = pseudonymFor(marker.pseudonymKey, alertId);
    await this.#apply(marker, [
      {
        table: 'alerts',
        key: { customerId, alertId },
        put: anonymisedAlert(alert, pseudonym, facts),
        counts: isOpenCase(alert) ? ['alerts', 'casesStopped'] : ['alerts'],
      },
    ]);
  }

  /** The case's audit entries, then its ledger entries, under its pseudonym. */
  async #moveCaseRecords(marker: Marker, customerId: string, alertId: string): Promise<void> {
    const caseKey = `${customerId}#${alertId}`;
    const pseudonym = pseudonymFor(marker.pseudonymKey, alertId);
    const ledger = await this.#items('ledger', 'query', {
      IndexName: 'byCase',
      KeyConditionExpression: 'caseKey = :case',
      ExpressionAttributeValues: { ':case': caseKey },
    });
    // Audit entries go before ledger entries: while any is left, every ledger entry is too, so the old codes they name can be mapped.
    const renamed = ledger.map((entry) => ({
      entry,
      newCode: BenefitLedger.codeFor({ customerId: pseudonym, alertId, benefitId: String(entry.benefitId) }),
    }));
    const newCodes = new Map(renamed.map(({ entry, newCode }) => [String(entry.code), newCode]));
    const audit = await this.#items('audit', 'query', {
      KeyConditionExpression: 'caseKey = :case',
      ExpressionAttributeValues: { ':case': caseKey },
      ConsistentRead: true,
    });
    await this.#apply(
      marker,
      audit.map((entry) => ({
        table: 'audit',
        key: { caseKey, entryKey: entry.entryKey },
        put: anonymisedAuditEntry(entry, pseudonym, alertId, newCodes),
        counts: ['audit'],
      })),
    );
    await this.#apply(
      marker,
      renamed.map(({ entry, newCode }) => ({
        table: 'ledger',
        key: { code: entry.code },
        put: anonymisedLedgerEntry(entry, pseudonym, newCode),
        counts: ['ledger'],
      })),
    );
  }

  /** What the results of a closed case read of the events, as the report reads it, reduced to its figures. */
  async #resultFacts(item: Item) {
    // A closed case's item, read as the reports read the alerts table.
    const alert = item as unknown as ReportAlert & { closedAt: string };
    const { afterDays, beforeDays } = this.#options.windows;
    const from = Date.parse(alert.identifiedAt) - beforeDays * DAY_MS;
    const to = Date.parse(alert.closedAt) + afterDays * DAY_MS;
    const facts = await this.#reportSource.caseFacts(alert, from, to);
    return keepResultFacts(alert, facts, this.#options.windows);
  }

  /** Every event of the customer, found through the index (which may lag: what it still shows after the deletes is not asked again). */
  async #deleteEvents(marker: Marker, customerId: string): Promise<void> {
    const done = new Set<string>();
    for (let round = 0; round < MAX_ATTEMPTS; round++) {
      const found = await this.#items('events', 'query', {
        IndexName: 'byCustomer',
        KeyConditionExpression: 'customerId = :id',
        ExpressionAttributeValues: { ':id': customerId },
        ProjectionExpression: 'eventId',
      });
      const left = found.map((item) => String(item.eventId)).filter((eventId) => !done.has(eventId));
      if (left.length === 0) return;
      await this.#apply(
        marker,
        left.map((eventId) => ({ table: 'events', key: { customerId, eventId }, counts: ['events'] })),
      );
      for (const eventId of left) done.add(eventId);
    }
  }

  /** The record says completed and the marker goes, in one transaction; an erasure that found nothing leaves no record. */
  async #finish(customerId: string, marker: Marker, resumed: boolean): Promise<ErasureResult> {
    const record = await this.#get('audit', recordKey(marker.erasureId));
    const counts = { ...emptyCounts(), ...(record?.counts as Partial<ErasureCounts> | undefined) };
    const nothing = ERASURE_COUNTS.every((key) => counts[key] === 0);
    const deleteMarker = { Delete: { TableName: this.#tables.audit, Key: markerKey(customerId) } };
    await this.#send(
      new TransactWriteCommand({
        TransactItems: nothing
          ? [{ Delete: { TableName: this.#tables.audit, Key: recordKey(marker.erasureId) } }, deleteMarker]
          : [
              {
                Update: {
                  TableName: this.#tables.audit,
                  Key: recordKey(marker.erasureId),
                  UpdateExpression: 'SET #status = :done, completedAt = if_not_exists(completedAt, :at)',
                  ConditionExpression: 'attribute_exists(caseKey)',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':done': 'completed', ':at': this.#now() },
                },
              },
              deleteMarker,
            ],
      }),
    );
    return nothing
      ? { outcome: 'nothing-held', resumed, counts }
      : { erasureId: marker.erasureId, outcome: 'erased', resumed, counts };
  }

  /** Deletes or moves the items, each counted once on the erasure's record (see CountedMoves). */
  #apply(marker: Marker, moves: readonly Move[]): Promise<void> {
    const tally = { table: 'audit', key: recordKey(marker.erasureId), attribute: 'counts' } as const;
    return new CountedMoves<ErasureCountKey>(this.#doc, this.#tables, tally, `erasure ${marker.erasureId}`).apply(
      moves,
    );
  }

  async #get(table: TableKey, key: Item): Promise<Item | undefined> {
    const { Item } = await withRetries(() =>
      this.#doc.send(new GetCommand({ TableName: this.#tables[table], Key: key, ConsistentRead: true })),
    );
    return Item;
  }

  async #items(
    table: TableKey,
    how: 'query' | 'scan',
    input: Omit<QueryCommandInput & ScanCommandInput, 'TableName'>,
  ): Promise<Item[]> {
    const items: Item[] = [];
    const request = { ...input, TableName: this.#tables[table] };
    const pages =
      how === 'query'
        ? paginateQuery({ client: this.#doc }, request as QueryCommandInput)
        : paginateScan({ client: this.#doc }, request as ScanCommandInput);
    for await (const page of pages) items.push(...(page.Items ?? []));
    return items;
  }

  async #send(command: TransactWriteCommand): Promise<void> {
    await withRetries(() => this.#doc.send(command));
  }

  #now(): string {
    return this.#options.clock.formatInstant((this.#options.now ?? policyNow)());
  }
}
