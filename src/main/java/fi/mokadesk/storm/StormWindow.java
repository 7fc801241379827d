package fi.mokadesk.storm;

import fi.mokadesk.conversation.CustomerMessages;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** What the inbound messages of a storm's time window talk about, and where they went. */
final class StormWindow {

    /** A frequent word and how many messages of the window used it. */
    record Term(String term, int count) {}

    /** A conversation that drew many messages in the window. */
    record Spike(UUID conversationId, int messages, String preview) {}

    static final int MAX_MESSAGES = 2_000;
    static final int TOP = 8;

    /** Finnish and English words too common to say anything about a storm. */
    static final Set<String> STOP_WORDS = Set.copyOf(java.util.List.of(
            // Finnish
            "ja",
            "on",
            "ei",
            "se",
            "että",
            "oli",
            "ole",
            "olen",
            "olet",
            "ovat",
            "kun",
            "niin",
            "mutta",
            "tai",
            "jos",
            "kuin",
            "myös",
            "vain",
            "nyt",
            "jo",
            "vielä",
            "tämä",
            "tämän",
            "tästä",
            "tässä",
            "sen",
            "siitä",
            "sitä",
            "mitä",
            "mikä",
            "miksi",
            "miten",
            "kuka",
            "minä",
            "mä",
            "sinä",
            "hän",
            "me",
            "te",
            "he",
            "minun",
            "sinun",
            "teidän",
            "meidän",
            "heidän",
            "teille",
            "teiltä",
            "teillä",
            "minulle",
            "minulla",
            "minua",
            "mua",
            "mulle",
            "mun",
            "sun",
            "oma",
            "omaa",
            "ihan",
            "aika",
            "koska",
            "joka",
            "jotka",
            "joten",
            "eikä",
            "ettei",
            "enää",
            "vaan",
            "kaikki",
            "yhtään",
            "taas",
            "sitten",
            "kanssa",
            "vai",
            "olla",
            "ollut",
            "ollaan",
            "ette",
            "emme",
            "en",
            "et",
            "hei",
            "moi",
            "kiitos",
            "kyllä",
            "jälkeen",
            "ennen",
            "koko",
            "kaikkea",
            "mitään",
            "mistä",
            "missä",
            "tuo",
            "tuon",
            "nämä",
            "noin",
            "yli",
            "alle",
            "eli",
            "siis",
            "kai",
            "vähän",
            "paljon",
            "tänään",
            "eilen",
            // English
            "the",
            "and",
            "for",
            "are",
            "but",
            "not",
            "you",
            "your",
            "was",
            "were",
            "this",
            "that",
            "with",
            "have",
            "has",
            "had",
            "from",
            "they",
            "them",
            "what",
            "when",
            "why",
            "how",
            "who",
            "our",
            "out",
            "all",
            "any",
            "can",
            "just",
            "been",
            "will",
            "would",
            "there",
            "their",
            "about",
            "into",
            "than",
            "then",
            "its",
            "it's",
            "i'm",
            "don't",
            "didn't",
            "can't",
            "very",
            "also",
            "still",
            "again",
            "now",
            "get",
            "got",
            "one",
            "too",
            "some",
            "more",
            "only",
            "hello",
            "thanks",
            "please",
            "here",
            "she",
            "him",
            "her",
            "his",
            "does",
            "did",
            "doing",
            "because",
            "over",
            "after",
            "before",
            "today"));

    private StormWindow() {}

    /** Inbound messages of the window, restricted to the series' channel when it is a channel series. */
    private static String channelOf(String series) {
        return series.startsWith(StormCounter.CHANNEL) ? series.substring(StormCounter.CHANNEL.length()) : null;
    }

    static List<Term> topTerms(CustomerMessages messages, String series, Instant from, Instant until) {
        return termsOf(messages.texts(from, until, channelOf(series), MAX_MESSAGES));
    }

    /** The most frequent words, each counted once per message. */
    static List<Term> termsOf(List<String> bodies) {
        Map<String, Integer> counts = new HashMap<>();
        for (String body : bodies) {
            Set<String> seen = new java.util.HashSet<>();
            for (String word : body.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}'#@]+")) {
                String w = word.replaceAll("^'+|'+$", "");
                if (w.length() < 3 || STOP_WORDS.contains(w) || w.chars().allMatch(Character::isDigit)) continue;
                if (seen.add(w)) counts.merge(w, 1, Integer::sum);
            }
        }
        List<Term> terms = new ArrayList<>();
        counts.forEach((term, n) -> {
            if (n >= 2 || bodies.size() < 3) terms.add(new Term(term, n));
        });
        terms.sort((a, b) ->
                a.count() != b.count() ? b.count() - a.count() : a.term().compareTo(b.term()));
        return terms.size() > TOP ? List.copyOf(terms.subList(0, TOP)) : List.copyOf(terms);
    }

    static List<Spike> busiestConversations(CustomerMessages messages, String series, Instant from, Instant until) {
        return messages.busiest(from, until, channelOf(series), 5).stream()
                .map(c -> new Spike(c.conversationId(), c.messages(), c.preview()))
                .toList();
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
