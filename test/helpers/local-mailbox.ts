/** The local SES server's mailbox, as its /store endpoint lists what it received. */
export interface Mail {
  messageId: string;
  destination: { to: string[]; cc: string[] };
  subject: string;
  body: { text: string; html?: string };
  /** Files of a raw message, their content in base64. */
  attachments?: Array<{ filename: string; contentType: string; content: string }>;
}

export async function mailbox(sesUrl: string): Promise<Mail[]> {
  return ((await (await fetch(`${sesUrl}/store`)).json()) as { emails: Mail[] }).emails;
}

/** Waits until at least `count` mails match, and returns them all (oldest first). */
export async function mailsMatching(
  sesUrl: string,
  match: (mail: Mail) => boolean,
  count = 1,
  timeoutMs = 30_000,
): Promise<Mail[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await mailbox(sesUrl)).filter(match);
    if (found.length >= count) return found;
    if (Date.now() > until)
      throw new Error(
        `expected ${count} matching mail(s), found ${found.length}: ${found.map((mail) => mail.subject).join(' | ')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The link a step email carries (the page that answers the step). */
export function linkIn(mail: Mail): string {
  const link = /https?:\/\/\S+\/c\/[\w.-]+/.exec(mail.body.text)?.[0];
  if (link === undefined) throw new Error(`no link in "${mail.subject}"`);
  return link;
}

/** Opens a link as a browser would (GET), or submits its form (POST, form-encoded). */
export async function follow(link: string, form?: Record<string, string>): Promise<{ status: number; body: string }> {
  const response = await fetch(
    link,
    form
      ? {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form),
        }
      : {},
  );
  return { status: response.status, body: await response.text() };
}
