package fi.mokadesk.storm;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A storm was found in one of a workspace's series: published once, in the transaction that stores the
 * storm, at its onset.
 *
 * @param series the series that stormed: {@code all}, {@code channel:<name>}, {@code negative} or
 *     {@code abusive}
 * @param onset start of the bucket that opened the storm
 * @param magnitude observed / expected count in the storm's strongest bucket so far
 * @param topTerms the most frequent words of the inbound messages in the storm's window
 * @param conversations the conversations with the most inbound messages in the storm's window
 */
public record StormDetected(
        UUID workspaceId,
        UUID stormId,
        String series,
        Instant onset,
        double magnitude,
        double expected,
        long observed,
        List<String> topTerms,
        List<UUID> conversations) {}
