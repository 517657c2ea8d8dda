/**
 * The IAM role behind a signed request, read from the caller's ARN exactly. Only two forms name a
 * role: an assumed-role session, arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE-NAME/SESSION, and an
 * IAM role, arn:PARTITION:iam::ACCOUNT:role/PATH/ROLE-NAME. Anything else (a user, a federated
 * user, a root, a malformed string) names no role. A substring test is not enough: an IAM user's
 * path may hold any printable text, ":assumed-role/<the officer's role>/" included, and a role
 * named "X-<the officer's role>" contains the name it is not.
 */
export interface CallerRole {
  account: string;
  roleName: string;
}

// Character sets from the IAM reference: role and session names [\w+=,.@-]; a path's segments
// any printable ASCII but '/'. The whole string must match: nothing before, nothing after.
const NAME = '[\\w+=,.@-]{1,64}';
const ASSUMED_ROLE = new RegExp(`^arn:aws(?:-[a-z]+)*:sts::(\\d{12}):assumed-role/(${NAME})/[\\w+=,.@-]{2,64}$`);
const IAM_ROLE = new RegExp(`^arn:aws(?:-[a-z]+)*:iam::(\\d{12}):role/(?:[\\x21-\\x2E\\x30-\\x7E]+/)*(${NAME})$`);

export function callerRole(arn: string | undefined): CallerRole | undefined {
  if (arn === undefined) return undefined;
  const match = ASSUMED_ROLE.exec(arn) ?? IAM_ROLE.exec(arn);
  if (match === null) return undefined;
  const [, account = '', roleName = ''] = match;
  return { account, roleName };
}

/**
 * Whether the caller acts as exactly this role: the role name equal, character for character, and,
 * when the account is known (the API's own), in that account, not a same-named role elsewhere.
 */
export function isCallerRole(arn: string | undefined, roleName: string, account?: string): boolean {
  const role = callerRole(arn);
  return role !== undefined && role.roleName === roleName && (account === undefined || role.account === account);
}
