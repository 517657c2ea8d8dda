/**
 * The region a function's SES client sends from: MAIL_REGION when the stack sends through SES in
 * another region than its own (`-c winback:mailRegion=...`; Hong Kong has no SES), else the SDK's
 * own choice (the function's region, or AWS_REGION locally).
 */
export function sesRegion(env: NodeJS.ProcessEnv = process.env): { region?: string } {
  const region = env.MAIL_REGION?.trim();
  return region ? { region } : {};
}
