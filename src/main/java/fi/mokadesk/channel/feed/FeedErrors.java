package fi.mokadesk.channel.feed;

/** What a failed poll means, in Finnish and English, as the channels page shows it. */
final class FeedErrors {

    private FeedErrors() {}

    static String message(FeedFetcher.Kind kind, String detail) {
        String why = switch (kind) {
            case UNREACHABLE -> "Syötettä ei tavoiteta / The feed cannot be reached";
            case HTTP -> "Syötteen palvelin vastasi virheellä / The feed's server answered with an error";
            case NOT_FEED ->
                "Osoitteessa ei ole RSS- tai Atom-syötettä / The address does not give an RSS or Atom feed";
            case TOO_BIG -> "Syöte on liian suuri / The feed is too big";
            case TLS -> "Suojattu yhteys (TLS) epäonnistui / The secure connection (TLS) failed";
            case REFUSED -> "Osoite ei ole sallittu / The address is not allowed";
            case OK, NOT_MODIFIED -> "";
        };
        if (detail == null || detail.isBlank()) return why;
        String d = detail.strip();
        return why + ": " + (d.length() > 300 ? d.substring(0, 300) + "…" : d);
    }
}
