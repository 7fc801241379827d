package fi.mokadesk.workspace;

import java.util.Optional;

/**
 * Whether a URL an admin enters may receive data from Mokadesk (e.g. not a private or loopback address).
 * Implemented by the channel module, which sends; asked here so a refused URL is refused when saved.
 */
public interface OutboundUrls {

    /** Why the URL may not be used, as a phrase after the field name ("must be …"), or empty. */
    Optional<String> refusal(String url);
}
