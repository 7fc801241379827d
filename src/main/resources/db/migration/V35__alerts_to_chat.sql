-- A chat integration's incoming webhook (Slack, Teams, Google Chat) where a workspace's operational alerts go,
-- e.g. a channel that stops working (an IMAP login failing, a contact form whose health check fails). Optional:
-- without it, admins are told in the notification centre and by email only.
ALTER TABLE workspace ADD COLUMN alert_chat_webhook_url text
    CHECK (alert_chat_webhook_url IS NULL OR length(alert_chat_webhook_url) BETWEEN 1 AND 2000);
