import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { loadStaffDirectory } from '#shared/adapters/dynamodb/staff-store.ts';
import { localDynamoDbEnvironment } from '../helpers/local-lambda-env.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';
import { runCli, scratchDir } from '../helpers/run-cli.ts';

let local: LocalTables;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  local = await localTables();
  env = localDynamoDbEnvironment();
  await batchPut(local.doc, local.names.staff, [
    {
      id: 'cs-1',
      name: '王芳',
      role: 'customer_service',
      stores: ['S1'],
      email: 'cs1@chain.example',
      active: true,
      undeliverable: { at: '2026-11-20T00:00:00Z', reason: 'bounced (General)' },
    },
    { id: 'cs-old', name: '刘伟', role: 'customer_service', stores: ['S1'], email: 'old@chain.example', active: true },
  ]);
});

describe('winback staff load', () => {
  it('makes the file the directory: new and changed people written, people left out deactivated, a bounce mark kept while the address stays', async () => {
    const file = join(await scratchDir(), 'staff.yaml');
    await writeFile(
      file,
      `people:
  - { id: ops-head, name: 郑经理, role: operations_head, stores: ['*'], email: ops@chain.example }
  - { id: cs-1, name: 王芳, role: customer_service, stores: [S1], email: cs1@chain.example, supervisor: ops-head, deputy: cs-2 }
  - { id: cs-2, name: 李静, role: customer_service, stores: [S1], email: cs2@chain.example, supervisor: ops-head }
`,
    );
    const run = await runCli(['staff', 'load', file, '--table-prefix', local.prefix], undefined, env);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('staff: 3 written, 1 deactivated (not in');
    const staff = await loadStaffDirectory(local.doc, local.names);
    expect(staff.person('cs-old')?.active).toBe(false);
    expect(staff.person('cs-1')?.undeliverable?.reason).toBe('bounced (General)');
    expect(staff.ownerOf('customer_service', 'S1').id).toBe('cs-2');
    // The same file again changes nothing.
    expect((await runCli(['staff', 'load', file, '--table-prefix', local.prefix], undefined, env)).stderr).toContain(
      'staff: 0 written, 0 deactivated',
    );
  });

  it('names every bad field and writes nothing', async () => {
    const file = join(await scratchDir(), 'bad.yaml');
    await writeFile(
      file,
      `people:\n  - { id: x1, name: 某, role: Store Manager, stores: [], email: not-an-email, deputy: nobody }\n`,
    );
    const before = (await loadStaffDirectory(local.doc, local.names)).people();
    const run = await runCli(['staff', 'load', file, '--table-prefix', local.prefix], undefined, env);
    expect(run.code).toBe(2);
    for (const field of [
      'people[0].role: expected lower_snake_case',
      'people[0].stores',
      'people[0].email',
      'people[0].deputy: no person with id "nobody"',
    ])
      expect(run.stderr).toContain(field);
    expect((await loadStaffDirectory(local.doc, local.names)).people()).toEqual(before);
  });
});
