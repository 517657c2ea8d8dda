import { describe, expect, it } from 'vitest';
import { callerRole, isCallerRole } from '#shared/privacy/caller-role.ts';

const OFFICER = 'Winback-PrivacyOfficer1234';

describe('the IAM role behind a signed request, read from the caller ARN exactly', () => {
  it('reads the role of an assumed-role session and of an IAM role, with or without a path', () => {
    expect(callerRole(`arn:aws:sts::123456789012:assumed-role/${OFFICER}/li`)).toEqual({
      account: '123456789012',
      roleName: OFFICER,
    });
    expect(callerRole(`arn:aws-cn:sts::123456789012:assumed-role/${OFFICER}/li@chain.example`)).toEqual({
      account: '123456789012',
      roleName: OFFICER,
    });
    expect(callerRole(`arn:aws:iam::123456789012:role/${OFFICER}`)).toEqual({
      account: '123456789012',
      roleName: OFFICER,
    });
    expect(callerRole(`arn:aws:iam::123456789012:role/privacy/${OFFICER}`)).toEqual({
      account: '123456789012',
      roleName: OFFICER,
    });
  });

  it('names no role for a user, a root, a federated user or a malformed ARN', () => {
    for (const arn of [
      undefined,
      '',
      OFFICER,
      'arn:aws:iam::123456789012:user/li',
      // A user's path may hold any printable text: the old substring test let this one through.
      `arn:aws:iam::123456789012:user/:assumed-role/${OFFICER}/li`,
      'arn:aws:iam::123456789012:root',
      'arn:aws:sts::123456789012:federated-user/li',
      `arn:aws:sts::123456789012:assumed-role/${OFFICER}`,
      `arn:aws:sts::123456789012:assumed-role/${OFFICER}/`,
      `arn:aws:sts::123456789012:assumed-role/${OFFICER}/li/extra`,
      `arn:aws:sts::12345:assumed-role/${OFFICER}/li`,
      `arn:aws:iam::123456789012:assumed-role/${OFFICER}/li`,
      `xarn:aws:sts::123456789012:assumed-role/${OFFICER}/li`,
      `arn:aws:sts::123456789012:assumed-role/${OFFICER}/li\n`,
      `arn:aws:sts::123456789012:assumed-role/${OFFICER}/li arn:aws:sts::123456789012:assumed-role/Other/x`,
    ]) {
      expect(callerRole(arn), String(arn)).toBeUndefined();
    }
  });

  it('matches the expected role name exactly, never a name that contains it, and only in the account given', () => {
    expect(isCallerRole(`arn:aws:sts::123456789012:assumed-role/${OFFICER}/li`, OFFICER)).toBe(true);
    expect(isCallerRole(`arn:aws:sts::123456789012:assumed-role/${OFFICER}/li`, OFFICER, '123456789012')).toBe(true);
    expect(isCallerRole(`arn:aws:sts::123456789012:assumed-role/Evil-${OFFICER}/li`, OFFICER)).toBe(false);
    expect(isCallerRole(`arn:aws:sts::123456789012:assumed-role/${OFFICER}-Copy/li`, OFFICER)).toBe(false);
    expect(isCallerRole(`arn:aws:sts::123456789012:assumed-role/${OFFICER.toLowerCase()}/li`, OFFICER)).toBe(false);
    expect(isCallerRole(`arn:aws:iam::123456789012:role/${OFFICER}/Other`, OFFICER)).toBe(false);
    expect(isCallerRole(`arn:aws:sts::210987654321:assumed-role/${OFFICER}/li`, OFFICER, '123456789012')).toBe(false);
  });
});
