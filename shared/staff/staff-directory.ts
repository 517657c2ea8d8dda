import { z } from 'zod';
import { ENTITY_ID_RULE, entityId } from '../validation/entity-id.ts';

/**
 * Who is who (Art. 7): customer service, store managers, the ops head, the deputy GM, the GM.
 * Kept as data; owners and approvers are looked up when a step starts, so a change of staff
 * takes effect for open cases.
 */
const personId = entityId;

export const staffPerson = z
  .object({
    id: personId,
    name: z.string().min(1),
    /** A role the policy names as an owner (customer_service, operations...), or an approver role. */
    role: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected lower_snake_case'),
    /** The stores this person covers; "*" for all. */
    stores: z
      .array(
        z.union([z.literal('*'), entityId], {
          message: `expected "*" (all stores) or a store id of ${ENTITY_ID_RULE}`,
        }),
      )
      .min(1),
    email: z.email(),
    supervisor: personId.optional(),
    deputy: personId.optional(),
    active: z.boolean().default(true),
    /** Set from SES feedback: mail to this address bounced for good or was marked as spam. Cleared by loading the directory again. */
    undeliverable: z.object({ at: z.string(), reason: z.string() }).strict().optional(),
  })
  .strict();

export const staffDirectorySchema = z
  .object({ people: z.array(staffPerson).min(1) })
  .strict()
  .superRefine((directory, ctx) => {
    const ids = new Set<string>();
    directory.people.forEach((person, index) => {
      if (ids.has(person.id))
        ctx.addIssue({ code: 'custom', path: ['people', index, 'id'], message: `duplicate id "${person.id}"` });
      ids.add(person.id);
    });
    directory.people.forEach((person, index) => {
      for (const link of ['supervisor', 'deputy'] as const) {
        const target = person[link];
        if (target !== undefined && !ids.has(target))
          ctx.addIssue({ code: 'custom', path: ['people', index, link], message: `no person with id "${target}"` });
      }
    });
  });

export type StaffPerson = z.infer<typeof staffPerson>;
export type StaffDirectoryData = z.infer<typeof staffDirectorySchema>;

/** Nobody holds a role a case needs: a staffing gap ops must fix, named precisely. */
export class StaffingGapError extends Error {
  override readonly name = 'StaffingGapError';
}

export class StaffDirectory {
  readonly #people: ReadonlyMap<string, StaffPerson>;

  constructor(data: StaffDirectoryData) {
    this.#people = new Map(data.people.map((person) => [person.id, person]));
  }

  /** The stores someone is staffed for (not "*"): the stores a report has a row for. */
  stores(): string[] {
    return [
      ...new Set([...this.#people.values()].flatMap((person) => person.stores).filter((store) => store !== '*')),
    ].sort();
  }

  /** Everyone in the directory, active or not. */
  people(): StaffPerson[] {
    return [...this.#people.values()];
  }

  person(id: string): StaffPerson | undefined {
    return this.#people.get(id);
  }

  /** The active person with `role` for a store: one assigned to that store before one covering all stores. */
  holderOf(role: string, storeId: string): StaffPerson {
    const candidates = [...this.#people.values()].filter((person) => person.active && person.role === role);
    const holder =
      candidates.find((person) => person.stores.includes(storeId)) ??
      candidates.find((person) => person.stores.includes('*'));
    if (holder === undefined) throw new StaffingGapError(`nobody active holds the role ${role} for store ${storeId}`);
    return holder;
  }

  /**
   * Who owns a role's work for a store now: its holder, or the holder's deputy while mail to the
   * holder bounces (SES feedback), so that a step's link reaches someone who can act on it.
   */
  ownerOf(role: string, storeId: string): StaffPerson {
    return this.standIn(this.holderOf(role, storeId));
  }

  /** The person, or their active deputy when the person's mail does not arrive; the person if no one can stand in. */
  standIn(person: StaffPerson): StaffPerson {
    return person.undeliverable ? (this.deputyOf(person.id) ?? person) : person;
  }

  /** Who stands in when the person cannot be reached (a bounced email, a leave): their deputy, if active. */
  deputyOf(id: string): StaffPerson | undefined {
    const deputy = this.#people.get(this.#people.get(id)?.deputy ?? '');
    return deputy?.active ? deputy : undefined;
  }

  /**
   * Who a reminder copies: one level further up the line with each missed deadline (reminder 1
   * the person's supervisor, 2 the supervisor's, ...), the top of the line once it is reached.
   * One person each time: the line hears of a step as it goes up, without everyone below being
   * mailed again on every round.
   */
  copiedOnReminder(id: string, reminder: number): StaffPerson[] {
    if (reminder <= 0) return [];
    const chain = this.escalationChain(id);
    const person = chain[Math.min(reminder, chain.length) - 1];
    return person === undefined ? [] : [person];
  }

  /** The line above a person, nearest first, skipping people who are not active (Art. 26: breaches go up). */
  escalationChain(id: string): StaffPerson[] {
    const chain: StaffPerson[] = [];
    const seen = new Set([id]);
    let next = this.#people.get(id)?.supervisor;
    while (next !== undefined && !seen.has(next)) {
      seen.add(next);
      const person = this.#people.get(next);
      if (person === undefined) break;
      // Someone whose mail bounces is passed over for their deputy (once, if the deputy is in the line too).
      const reachable = this.standIn(person);
      if (person.active && !chain.some((already) => already.id === reachable.id)) chain.push(reachable);
      next = person.supervisor;
    }
    return chain;
  }
}
