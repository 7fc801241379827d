package fi.mokadesk.channel;

/**
 * Sends the outbox rows of one {@link DeliveryKind}. Called by {@link OutboxDispatcher} inside the row's
 * workspace, outside any transaction (a slow receiver holds no database connection); answers what
 * happened instead of throwing.
 */
interface OutboxSender {

    DeliveryKind kind();

    ChannelAdapter.Outcome send(Outbox.Row row);

    /** A {@link JsonPost} answer as an outcome: refused targets and bad URLs fail, the rest is retried. */
    static ChannelAdapter.Outcome outcome(JsonPost.Result result) {
        if (result.delivered()) return ChannelAdapter.Outcome.sent();
        return result.permanent()
                ? ChannelAdapter.Outcome.failed(result.reason())
                : ChannelAdapter.Outcome.retry(result.reason());
    }
}
