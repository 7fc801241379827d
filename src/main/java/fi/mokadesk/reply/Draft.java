package fi.mokadesk.reply;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One stored reply draft, as its row holds it. */
record Draft(
        UUID id,
        UUID conversationId,
        DraftState state,
        String text,
        boolean isPublic,
        boolean suggested,
        String authorKey,
        UUID authorUserId,
        String authorName,
        String findingsJson,
        List<String> reviewReasons,
        String reviewComment,
        String reviewedBy,
        String approvedText,
        OffsetDateTime approvedAt,
        int baseInbound,
        int baseOutbound,
        OffsetDateTime customerWaitingSince,
        OffsetDateTime submittedAt,
        UUID messageId,
        OffsetDateTime sentAt,
        String failure,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    static final String COLUMNS = """
            id, conversation_id, state, text, is_public, suggested, author_key, author_user_id, author_name,
            findings::text as findings, review_reasons, review_comment, reviewed_by, approved_text, approved_at,
            base_inbound, base_outbound, customer_waiting_since, submitted_at, message_id, sent_at, failure,
            created_at, updated_at""";

    static Draft of(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        java.sql.Array reasons = rs.getArray("review_reasons");
        return new Draft(
                rs.getObject("id", UUID.class),
                rs.getObject("conversation_id", UUID.class),
                DraftState.of(rs.getString("state")),
                rs.getString("text"),
                rs.getBoolean("is_public"),
                rs.getBoolean("suggested"),
                rs.getString("author_key"),
                rs.getObject("author_user_id", UUID.class),
                rs.getString("author_name"),
                rs.getString("findings"),
                reasons == null ? List.of() : List.of((String[]) reasons.getArray()),
                rs.getString("review_comment"),
                rs.getString("reviewed_by"),
                rs.getString("approved_text"),
                rs.getObject("approved_at", OffsetDateTime.class),
                rs.getInt("base_inbound"),
                rs.getInt("base_outbound"),
                rs.getObject("customer_waiting_since", OffsetDateTime.class),
                rs.getObject("submitted_at", OffsetDateTime.class),
                rs.getObject("message_id", UUID.class),
                rs.getObject("sent_at", OffsetDateTime.class),
                rs.getString("failure"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    /** The approval still covers the text: exactly what was approved is what would be sent. */
    boolean approvalCovers() {
        return approvedAt != null && text.equals(approvedText);
    }
}
