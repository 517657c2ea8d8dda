import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { caseFactsFromKept, keptResultFactsOf } from '../../privacy/kept-result-facts.ts';
import type { ReportAlert, ReportSource } from '../../reports/build-report.ts';
import type { ZonedClock } from '../../time/zoned-clock.ts';
import type { TableNames } from '../table-specs.ts';
import { customerOf } from './customer-scan.ts';
import { riskListOf } from './risk-list-reader.ts';
import { scanItems } from './scan-items.ts';
import { loadStaffDirectory } from './staff-store.ts';

/**
 * The reports' numbers read from DynamoDB: filtered scans of Alerts, CaseAudit and the ledger
 * (once a month or week), a query per closed case on the events and the ledger by case, and a
 * scan of the core customers' files. Fine monthly for 100k customers; an index per month would
 * be cheaper at ten million.
 */
export class DynamoDbReportSource implements ReportSource {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;
  readonly #clock: ZonedClock;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames, clock: ZonedClock) {
    this.#doc = doc;
    this.#tables = tables;
    this.#clock = clock;
  }

  async staffedStores(): Promise<string[]> {
    return (await loadStaffDirectory(this.#doc, this.#tables)).stores();
  }

  staff() {
    return loadStaffDirectory(this.#doc, this.#tables);
  }

  async alerts(filter: {
    identifiedFrom?: string;
    identifiedTo?: string;
    closedFrom?: string;
    closedTo?: string;
  }): Promise<ReportAlert[]> {
    const conditions: string[] = [];
    const values: Record<string, string> = {};
    const range = (attribute: string, from: string | undefined, to: string | undefined) => {
      if (from !== undefined) {
        conditions.push(`${attribute} >= :${attribute}From`);
        values[`:${attribute}From`] = from;
      }
      if (to !== undefined) {
        conditions.push(`${attribute} < :${attribute}To`);
        values[`:${attribute}To`] = to;
      }
    };
    range('identifiedAt', filter.identifiedFrom, filter.identifiedTo);
    range('closedAt', filter.closedFrom, filter.closedTo);
    const items = await scanItems(this.#doc, {
      TableName: this.#tables.alerts,
      ...(conditions.length ? { FilterExpression: conditions.join(' AND '), ExpressionAttributeValues: values } : {}),
    });
    return items.map((item) => ({ ...item, status: String(item.status ?? 'open') }) as ReportAlert);
  }

  async breaches(from: string, to: string) {
    const items = await scanItems(this.#doc, {
      TableName: this.#tables.audit,
      FilterExpression: 'details.breach = :yes AND #at >= :from AND #at < :to',
      ExpressionAttributeNames: { '#at': 'at' },
      ExpressionAttributeValues: { ':yes': true, ':from': from, ':to': to },
    });
    return items as Array<{
      caseKey: string;
      at: string;
      details?: { responsible?: string; role?: string; deadline?: string };
    }>;
  }

  async benefitsIssued(from: string, to: string) {
    const items = await scanItems(this.#doc, {
      TableName: this.#tables.ledger,
      FilterExpression: 'issuedAt >= :from AND issuedAt < :to',
      ExpressionAttributeValues: { ':from': from, ':to': to },
    });
    return items.map((item) => ({ storeId: String(item.storeId), costYuan: Number(item.costYuan) }));
  }

  async caseFacts(alert: ReportAlert, from: number, to: number) {
    const visits: Array<{ at: number; amount: number }> = [];
    const surveys: Array<{ at: number; score: number }> = [];
    // An erased customer's case: the events are gone, the figures the results need were kept on the alert.
    const kept = keptResultFactsOf(alert);
    if (kept !== undefined) {
      const facts = caseFactsFromKept(alert, kept);
      visits.push(...facts.visits);
      surveys.push(...facts.surveys);
    }
    const events =
      kept !== undefined
        ? []
        : paginateQuery(
            { client: this.#doc },
            {
              TableName: this.#tables.events,
              IndexName: 'byCustomer',
              KeyConditionExpression: 'customerId = :customer AND atUtc BETWEEN :from AND :to',
              FilterExpression: '#type IN (:visit, :survey)',
              ExpressionAttributeNames: { '#type': 'type' },
              ExpressionAttributeValues: {
                ':customer': alert.customerId,
                ':from': new Date(from).toISOString(),
                ':to': new Date(to).toISOString(),
                ':visit': 'visit',
                ':survey': 'survey',
              },
            },
          );
    for await (const page of events) {
      for (const item of page.Items ?? []) {
        const event = JSON.parse(String(item.event)) as { at: string; amount?: number; score?: number };
        if (item.type === 'visit') visits.push({ at: Date.parse(event.at), amount: Number(event.amount ?? 0) });
        else surveys.push({ at: Date.parse(event.at), score: Number(event.score) });
      }
    }
    let benefitCost = 0;
    const entries = paginateQuery(
      { client: this.#doc },
      {
        TableName: this.#tables.ledger,
        IndexName: 'byCase',
        KeyConditionExpression: 'caseKey = :case',
        ExpressionAttributeValues: { ':case': `${alert.customerId}#${alert.alertId}` },
      },
    );
    for await (const page of entries) for (const item of page.Items ?? []) benefitCost += Number(item.costYuan);
    return { visits, surveys, benefitCost };
  }

  async activeCore(from: number, to: number) {
    const items = await scanItems(this.#doc, {
      TableName: this.#tables.customers,
      FilterExpression: 'core = :yes',
      ExpressionAttributeValues: { ':yes': true },
    });
    return items
      .map(customerOf)
      .filter((customer) => customer.state.visits.recentAt.some((at) => at >= from && at < to))
      .map((customer) => ({ customerId: customer.profile.customerId, storeId: customer.profile.storeId }));
  }

  riskList(month: string) {
    return riskListOf(this.#doc, this.#tables, month, this.#clock);
  }
}
