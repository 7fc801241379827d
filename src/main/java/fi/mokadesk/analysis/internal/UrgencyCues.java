package fi.mokadesk.analysis.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Word lists for urgency: deadlines, cancelling and asking for a superior raise urgency to
 * "elevated"; consumer authorities, lawyers, courts and the police raise it to "high". An entry
 * ending in '*' matches any word starting with it; other entries match whole words. Two-word
 * entries match consecutive words.
 */
public final class UrgencyCues {
    public static final String NONE = "none";
    public static final String ELEVATED = "elevated";
    public static final String HIGH = "high";

    private static final String[] HIGH_CUES = {
        // Finnish
        "kuluttajariitalautakun*",
        "kuluttajaneuvo*",
        "kuluttajavira*",
        "kuluttajaoikeu*",
        "asianajaj*",
        "lakimie*",
        "juristi*",
        "oikeuteen",
        "oikeudessa",
        "oikeusteitse",
        "haastan",
        "haastamme",
        "käräjä*",
        "rikosilmoitu*",
        "poliisi*",
        "tutkintapyyn*",
        "iltalehte*",
        "ilta sanom*",
        "lehdistö*",
        // English
        "lawyer*",
        "attorney*",
        "solicitor*",
        "sue",
        "suing",
        "lawsuit*",
        "court",
        "legal action",
        "legal steps",
        "ombudsman",
        "police",
        "chargeback",
        "trading standards",
        "small claims",
        "consumer protection",
        "consumer rights",
        "press",
        "journalist*",
        // Swedish
        "advokat*",
        "konsumentverket",
        "reklamationsnämnd*",
        "arn",
        "polis*",
        "stämma",
        "domstol*"
    };

    private static final String[] ELEVATED_CUES = {
        // Finnish
        "heti",
        "välittömästi",
        "tänään",
        "huomenna",
        "kiire*",
        "pikaisesti",
        "viimeistään",
        "nyt heti",
        "peruutan",
        "perun",
        "peruuta*",
        "peruutu*",
        "irtisano*",
        "lopetan",
        "lopetamme",
        "vaihdan",
        "esimie*",
        "reklamaatio*",
        "hyvity*",
        "rahat takaisin",
        "viimeinen kerta",
        // English
        "immediately",
        "urgent*",
        "asap",
        "today",
        "tonight",
        "tomorrow",
        "right now",
        "cancel*",
        "terminate*",
        "manager",
        "supervisor",
        "escalate*",
        "refund*",
        "money back",
        "last time",
        "deadline",
        // Swedish
        "genast",
        "omedelbart",
        "idag",
        "brådskande",
        "säga upp",
        "säger upp",
        "avbeställ*",
        "chef*",
        "återbetalning*"
    };

    private record Cue(String first, boolean firstPrefix, String second, boolean secondPrefix, boolean high) {}

    /** Cues grouped by the low byte of their first character, so a word is only compared with a few. */
    private final Cue[][] byFirstChar = new Cue[256][];

    public UrgencyCues() {
        List<Cue> cues = new ArrayList<>();
        for (String s : HIGH_CUES) {
            cues.add(parse(s, true));
        }
        for (String s : ELEVATED_CUES) {
            cues.add(parse(s, false));
        }
        for (int i = 0; i < 256; i++) {
            List<Cue> g = new ArrayList<>();
            for (Cue c : cues) {
                if ((c.first().charAt(0) & 0xFF) == i) {
                    g.add(c);
                }
            }
            byFirstChar[i] = g.toArray(new Cue[0]);
        }
    }

    private static Cue parse(String s, boolean high) {
        String[] parts = s.split(" ");
        String a = parts[0];
        String b = parts.length > 1 ? parts[1] : null;
        boolean ap = a.endsWith("*");
        boolean bp = b != null && b.endsWith("*");
        return new Cue(
                ap ? a.substring(0, a.length() - 1) : a,
                ap,
                b == null ? null : bp ? b.substring(0, b.length() - 1) : b,
                bp,
                high);
    }

    /** Result of {@link #find}: the level and the matched text. */
    public record Found(String level, List<String> cues) {}

    public Found find(FeatureBuffer buf) {
        List<String> found = null;
        boolean high = false;
        int n = buf.tokenCount();
        for (int t = 0; t < n; t++) {
            if (buf.tokEnd[t] == buf.tokStart[t]) {
                continue;
            }
            if (t > 0 && negated(buf, t - 1)) {
                continue; // "ei kiire", "no rush", "not urgent"
            }
            for (Cue c : byFirstChar[buf.chars[buf.tokStart[t]] & 0xFF]) {
                if (!matches(buf, t, c.first(), c.firstPrefix())) {
                    continue;
                }
                String text;
                if (c.second() != null) {
                    if (t + 1 >= n || !matches(buf, t + 1, c.second(), c.secondPrefix())) {
                        continue;
                    }
                    text = buf.tokenText(t) + " " + buf.tokenText(t + 1);
                } else {
                    text = buf.tokenText(t);
                }
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                if (!found.contains(text)) {
                    found.add(text);
                }
                high |= c.high();
                break;
            }
        }
        if (found == null) {
            return new Found(NONE, List.of());
        }
        return new Found(high ? HIGH : ELEVATED, List.copyOf(found));
    }

    private static final String[] NEGATORS = {"ei", "no", "not", "inte", "ingen", "never"};

    private static boolean negated(FeatureBuffer buf, int t) {
        int len = buf.tokEnd[t] - buf.tokStart[t];
        for (String n : NEGATORS) {
            if (n.length() == len && buf.tokenStartsWith(t, n)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(FeatureBuffer buf, int t, String word, boolean prefix) {
        if (!buf.tokenStartsWith(t, word)) {
            return false;
        }
        return prefix || buf.tokEnd[t] - buf.tokStart[t] == word.length();
    }
}
