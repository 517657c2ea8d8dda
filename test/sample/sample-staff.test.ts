import { describe, expect, it } from 'vitest';
import { sampleStaff } from '#cli/sample/sample-staff.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { StaffDirectory, staffDirectorySchema } from '#shared/staff/staff-directory.ts';

describe("the sample chain's staff", () => {
  it('has someone for every owner role of the policy and every approver, in every store', () => {
    for (const preset of ['script-kill', 'esports', 'med-aesthetics', 'retail-rfm']) {
      const policy = presetPolicy(preset);
      const roles = Object.values(policy.owners).map((owner) => owner.role);
      const staff = new StaffDirectory(staffDirectorySchema.parse(sampleStaff(['STORE-01', 'STORE-02'], roles)));
      for (const store of ['STORE-01', 'STORE-02']) {
        for (const role of [...roles, 'deputy_gm', 'gm', 'store_manager'])
          expect(staff.holderOf(role, store).email).toMatch(/@chain\.example$/);
      }
    }
  });
});
