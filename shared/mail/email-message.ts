export interface EmailMessage {
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html: string;
}

export interface Attachment {
  filename: string;
  content: string;
  contentType: string;
}

export interface Mailer {
  send(message: EmailMessage): Promise<void>;
  /** A message with files attached (a report's CSV and page). */
  sendWithAttachments(message: EmailMessage & { attachments: readonly Attachment[] }): Promise<void>;
}
