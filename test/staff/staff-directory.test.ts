import { describe, expect, it } from 'vitest';
import { StaffDirectory, StaffingGapError, staffDirectorySchema } from '#shared/staff/staff-directory.ts';

const data = staffDirectorySchema.parse({
  people: [
    { id: 'gm', name: '周总', role: 'gm', stores: ['*'], email: 'gm@chain.example' },
    { id: 'dgm', name: '吴副总', role: 'deputy_gm', stores: ['*'], email: 'dgm@chain.example', supervisor: 'gm' },
    {
      id: 'ops-head',
      name: '郑经理',
      role: 'operations_head',
      stores: ['*'],
      email: 'ops@chain.example',
      supervisor: 'dgm',
    },
    {
      id: 'cs-1',
      name: '王芳',
      role: 'customer_service',
      stores: ['S1'],
      email: 'cs1@chain.example',
      supervisor: 'ops-head',
      deputy: 'cs-all',
    },
    {
      id: 'cs-all',
      name: '李娜',
      role: 'customer_service',
      stores: ['*'],
      email: 'cs@chain.example',
      supervisor: 'ops-head',
    },
    {
      id: 'cs-2',
      name: '陈静',
      role: 'customer_service',
      stores: ['S2'],
      email: 'cs2@chain.example',
      supervisor: 'ops-head',
      active: false,
    },
  ],
});
const directory = new StaffDirectory(data);

describe('the staff directory', () => {
  it('finds the owner assigned to the store before one who covers every store', () => {
    expect(directory.holderOf('customer_service', 'S1').id).toBe('cs-1');
    expect(directory.holderOf('customer_service', 'S3').id).toBe('cs-all');
  });

  it('skips people who have left', () => {
    expect(directory.holderOf('customer_service', 'S2').id).toBe('cs-all');
  });

  it('names a staffing gap precisely instead of sending a case nowhere', () => {
    expect(() => directory.holderOf('store_manager', 'S1')).toThrow(StaffingGapError);
    expect(() => directory.holderOf('store_manager', 'S1')).toThrow(
      'nobody active holds the role store_manager for store S1',
    );
  });

  it("escalates up the line to the general manager, and knows each person's deputy", () => {
    expect(directory.escalationChain('cs-1').map((person) => person.id)).toEqual(['ops-head', 'dgm', 'gm']);
    expect(directory.deputyOf('cs-1')?.id).toBe('cs-all');
  });

  it('copies one level further up the line with each reminder, and the top of the line once it is reached', () => {
    const copied = (reminder: number) => directory.copiedOnReminder('cs-1', reminder).map((person) => person.id);
    expect([0, 1, 2, 3, 4, 5].map(copied)).toEqual([[], ['ops-head'], ['dgm'], ['gm'], ['gm'], ['gm']]);
    // Nobody above: nobody copied.
    expect(directory.copiedOnReminder('gm', 2)).toEqual([]);
  });

  it('passes over someone whose mail bounces for their deputy, as owner and up the line, naming the deputy once', () => {
    const bounced = new StaffDirectory(
      staffDirectorySchema.parse({
        people: data.people.map((person) =>
          person.id === 'ops-head'
            ? { ...person, deputy: 'dgm', undeliverable: { at: '2026-11-24T01:00:00Z', reason: 'bounced (General)' } }
            : person.id === 'cs-1'
              ? { ...person, undeliverable: { at: '2026-11-24T01:00:00Z', reason: 'complaint' } }
              : person,
        ),
      }),
    );
    expect(bounced.ownerOf('customer_service', 'S1').id).toBe('cs-all');
    expect(bounced.ownerOf('operations_head', 'S1').id).toBe('dgm');
    // cs-all's line: ops-head (bounced: dgm stands in), then dgm himself (already there), then gm.
    expect(bounced.escalationChain('cs-all').map((person) => person.id)).toEqual(['dgm', 'gm']);
    expect(directory.escalationChain('cs-all').map((person) => person.id)).toEqual(['ops-head', 'dgm', 'gm']);
  });

  it('rejects a directory whose supervisor or deputy points at nobody, or with an id twice', () => {
    const result = staffDirectorySchema.safeParse({
      people: [
        { id: 'a', name: 'A', role: 'gm', stores: ['*'], email: 'a@x.example', supervisor: 'zz' },
        { id: 'a', name: 'B', role: 'gm', stores: ['*'], email: 'not-an-email' },
      ],
    });
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['people.1.email', 'Invalid email address'],
      ['people.1.id', 'duplicate id "a"'],
      ['people.0.supervisor', 'no person with id "zz"'],
    ]);
  });
});
