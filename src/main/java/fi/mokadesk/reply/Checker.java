package fi.mokadesk.reply;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules. Every pattern runs on a lower-cased copy of the draft with the same indices, so spans point
 * into the original text. Tone rules (thanks, apology, blame, sarcasm, arguing, shouting) ignore longer
 * quotations, because quoting the customer is not saying it; personal-data rules see everything, because a
 * quoted phone number is still published. Patterns prefer word stems and grammatical endings over whole
 * phrases so that inflected Finnish and unseen wordings still match.
 */
final class Checker {
    /**
     * A word character: ASCII letters and digits plus the Nordic letters. Much faster than Java's Unicode
     * character classes, which would cost about half of the check time.
     */
    private static final String WORD = "[\\wåäöéüõšžÅÄÖÉÜÕŠŽ]";

    /** Compiles with {@code \w} meaning {@link #WORD}. */
    private static Pattern compile(String regex) {
        return Pattern.compile(regex.replace("\\w", WORD));
    }

    /**
     * A whole word or word stem list; {@code \w*} in an alternative lets a stem take any ending.
     * Alternatives are grouped by their possible first letters behind a one-character look-ahead, so at a
     * word start the engine tries only the few alternatives that can match there instead of all of them
     * (a list of a hundred stems is otherwise the main cost of a check).
     */
    private static Pattern words(String... alternatives) {
        Map<String, List<String>> byFirst = new java.util.LinkedHashMap<>();
        List<String> anyStart = new ArrayList<>();
        for (String alt : alternatives) {
            String first = firstChars(alt);
            if (first == null) {
                anyStart.add(alt);
            } else {
                byFirst.computeIfAbsent(first, k -> new ArrayList<>()).add(alt);
            }
        }
        List<String> branches = new ArrayList<>();
        byFirst.forEach((first, alts) -> branches.add("(?=[" + first + "])(?:" + String.join("|", alts) + ")"));
        branches.addAll(anyStart);
        return compile("(?<![\\w])(?:" + String.join("|", branches) + ")(?![\\w])");
    }

    /** The letters an alternative can start with, or {@code null} when that is not a plain letter set. */
    static String firstChars(String alt) {
        if (alt.isEmpty()) {
            return null;
        }
        char c = alt.charAt(0);
        if (Character.isLetterOrDigit(c)) {
            boolean optional = alt.length() > 1 && "?*{".indexOf(alt.charAt(1)) >= 0;
            return optional ? null : String.valueOf(c);
        }
        if (c != '(') {
            return null;
        }
        int from = 1;
        if (alt.startsWith("(?")) {
            if (!alt.startsWith("(?:")) {
                return null;
            }
            from = 3;
        }
        int depth = 0;
        int close = -1;
        List<String> parts = new ArrayList<>();
        int partStart = from;
        for (int i = from; i < alt.length() && close < 0; i++) {
            char x = alt.charAt(i);
            if (x == '\\' || x == '[') {
                return null; // escapes and classes: not worth analysing
            } else if (x == '(') {
                depth++;
            } else if (x == ')') {
                if (depth == 0) {
                    parts.add(alt.substring(partStart, i));
                    close = i;
                } else {
                    depth--;
                }
            } else if (x == '|' && depth == 0) {
                parts.add(alt.substring(partStart, i));
                partStart = i + 1;
            }
        }
        if (close < 0 || (close + 1 < alt.length() && "?*{".indexOf(alt.charAt(close + 1)) >= 0)) {
            return null;
        }
        StringBuilder chars = new StringBuilder();
        for (String part : parts) {
            String f = firstChars(part);
            if (f == null) {
                return null;
            }
            for (char ch : f.toCharArray()) {
                if (chars.indexOf(String.valueOf(ch)) < 0) {
                    chars.append(ch);
                }
            }
        }
        return chars.toString();
    }

    // --- acknowledgement and apology -------------------------------------------------------------
    private static final Pattern APOLOGY = words(
            "pahoittel\\w*", "anteeksi\\w*", "pahoilla\\w*", "valita(mme|n)", "sorry", "apolog\\w*", "regret\\w*");
    /** "Sorry if you feel that way" puts the problem in the customer's feelings: not an apology. */
    private static final Pattern NON_APOLOGY_TAIL = compile(
            "^[^.!?]{0,25}?(?<![\\w])(if you (feel|felt|found|think)|that you (feel|felt|think)|you feel that way|jos"
                    + " (koit|koet|koette|koitte|olet kokenut|tunnet|tunsit)|että (koit|koet|koette))");

    private static final Pattern ACKNOWLEDGEMENT = words(
            "kiit\\w*",
            "ymmärr\\w*",
            "harmi\\w*",
            "ikävä\\w*",
            "(hyvä|kiva|mukava|ilo|ihana|hienoa?|mahtava|upea|ilahduttava\\w*),? (että|kun|kuulla)",
            "arvosta\\w*",
            "turhautu\\w*",
            "turhauttav\\w*",
            "hyvä (huomio|kysymys|pointti)",
            "olet (täysin |aivan )?oikeassa",
            "onneksi olkoon",
            "onnittel\\w*",
            "congratulation\\w*",
            "thank\\w*",
            "thx",
            "appreciat\\w*",
            "understand\\w*",
            "(great|good|glad|nice|happy|lovely|wonderful|sad|sorry) to hear",
            "glad (you|that)",
            "hear you",
            "frustrat\\w*",
            "you('re|’re| are) (absolutely |quite |totally )?right",
            "good (question|point|catch)",
            "thanks?");

    // --- was something our fault? ------------------------------------------------------------------
    private static final String[] FAULT_WORDS = {
        "virhe\\w*",
        "viive\\w*",
        "viiväs\\w*",
        "myöhä\\w*",
        "myöhäs\\w*",
        "rikki",
        "rikkou\\w*",
        "rikkinäi\\w*",
        "hajo\\w*",
        "vaurio\\w*",
        "vahingo\\w*",
        "häiriö\\w*",
        "katko\\w*",
        "ongelm\\w*",
        "sekaannu\\w*",
        "sotku\\w*",
        "puuttu\\w*",
        "kadon\\w*",
        "hukassa",
        "hukkun\\w*",
        "vialli\\w*",
        "vika\\w*",
        "vian",
        "viasta",
        "moka(n|mme|ni|sta|t|ja|a)?",
        "mokas\\w*",
        "mokat\\w*",
        "mokann\\w*",
        "kahdesti",
        "tuplaveloit\\w*",
        "mistake\\w*",
        "error\\w*",
        "delay\\w*",
        "late",
        "outage\\w*",
        "broken",
        "damaged",
        "missing",
        "lost",
        "mix-?up",
        "double[- ]charge\\w*",
        "charged twice",
        "problem\\w*",
        "issue\\w*",
        "trouble",
        "inconvenien\\w*",
        "glitch\\w*",
        "bug\\w*",
        "fault\\w*",
        "defect\\w*",
        "faulty"
    };
    private static final Pattern FAULT_IN_REPLY = words(FAULT_WORDS);
    private static final Pattern COMPLAINT = compile(words(FAULT_WORDS).pattern()
            + "|"
            + words(
                            "(ei|eikä|ette|eivät) (ole )?(vielä |vieläkään |edes )?(tullut|tulleet|saapunut|saapuneet|toimi\\w*|vastaa|vastannut|vastanneet|kuulu|kelpaa|näy|auennut|onnistu\\w*|saatu|pelaa)",
                            "eikä (mitään|kukaan|mikään)",
                            "(ei|eikä|eivät|ette) (vieläkään |edes |koskaan )?\\w+(nut|nyt|neet)",
                            "odot\\w*",
                            "vuota\\w*",
                            "leak\\w*",
                            "käsittämät\\w*",
                            "sekava\\w*",
                            "confusing",
                            "lupasitte",
                            "luvattiin",
                            "you promised",
                            "wait\\w*",
                            "(didn't|did not|hasn't|has not|haven't|have not|never|wasn't|weren't) \\w+(ed|en|n|t)",
                            "en (ole )?(vielä |vieläkään )?saanut",
                            "kylmä\\w*",
                            "huono\\w*",
                            "töykeä\\w*",
                            "epäkohtel\\w*",
                            "ylimieli\\w*",
                            "kaatu\\w*",
                            "veloitet\\w*",
                            "veloitti\\w*",
                            "pettyn\\w*",
                            "pettymy\\w*",
                            "pilaantu\\w*",
                            "järkyttäv\\w*",
                            "surkea\\w*",
                            "kamala\\w*",
                            "paska\\w*",
                            "väär\\w*",
                            "märk\\w*",
                            "likai\\w*",
                            "peru(ttu|ttiin|itte|sitte|tte)\\w*",
                            "liian (kauan|pitkään|kallis)",
                            "(viikkoa|viikon|kuukautta|kuukauden) sitten",
                            "(never|hasn't|has not|haven't|have not|didn't|did not|not|still not|isn't|doesn't|does not|won't|can't|cannot) (yet )?(arrived|come|received|work\\w*|answered|replied|respond\\w*|load\\w*|open\\w*|show\\w*|turn\\w* up)",
                            "stopped working",
                            "wrong",
                            "overcharg\\w*",
                            "double[- ]charged",
                            "rude",
                            "disappoint\\w*",
                            "terrible",
                            "awful",
                            "horrible",
                            "worst",
                            "soaked",
                            "wet",
                            "cold",
                            "cancel\\w*",
                            "down",
                            "crash\\w*",
                            "took \\d+ (days|weeks|hours)",
                            "still waiting",
                            "been waiting",
                            "(it's|it has) been (a|two|three|four|\\d+) (days?|weeks?|months?)",
                            "unacceptable",
                            "ridiculous",
                            "useless",
                            "logged me out")
                    .pattern());
    private static final Pattern PRAISE = words(
            "kiit\\w*",
            "loista\\w*",
            "mahtav\\w*",
            "ihana\\w*",
            "upea\\w*",
            "hieno\\w*",
            "nopea\\w*",
            "ystävälli\\w*",
            "tyytyväi\\w*",
            "thank\\w*",
            "great",
            "perfect\\w*",
            "love\\w*",
            "awesome",
            "amazing",
            "excellent",
            "happy",
            "works perfectly");
    /** A reply to praise ("kiva kuulla", "glad to hear") needs no remedy. */
    private static final Pattern PRAISE_RESPONSE = words(
            "(ihana|ihanaa|hieno|hienoa|kiva|kivaa|mukava|mukavaa|ilo|mahtava|mahtavaa|upea|upeaa|ilahduttava\\w*),? (että|kun|kuulla)",
            "tykkä(sit|sitte|ätte|ät)",
            "(great|good|glad|happy|lovely|wonderful) to hear",
            "glad (you|that)",
            "enjoy\\w*");

    /** "Kiitos kysymyksestä": the reply answers a question, and the answer is the guidance. */
    private static final Pattern ANSWERS_QUESTION = words(
            "kysymyksestä\\w*",
            "kysymästä",
            "kysyit",
            "kysyitte",
            "kiitos kysymyksestä",
            "thanks for asking",
            "thank you for asking",
            "(great|good) question",
            "thanks for the question",
            "thank you for the question");

    // --- remedy, next step or guidance ---------------------------------------------------------------
    private static final Pattern SOLUTION = words(
            // first person plural: we send, refund, fix, check, call, ...
            "(lähetä|lähettä|korvaa|hyvitä|hyvittä|palauta|palautta|tarkista|tarkasta|selvitä|selvittä|korjaa|käsittele|toimita|vaihda|soita|hoida|peru|välitä|tarjoa|lisää|päivitä|poista|siirrä|palaa|seuraa|tutki|katso|varmista|järjestä|kehitä|ota|anna|tee|käy|vie|jatka|laita|puhu|muuta|kouluta|paranna|avaa|ilmoita|pyydä|kysy|etsi|ratkaise|kirjaa|nosta|lisä|palvele|auta)mme",
            "(lähetän|korvaan|hyvitän|palautan|tarkistan|selvitän|korjaan|käsittelen|vaihdan|soitan|hoidan|välitän|tarjoan|lisään|päivitän|poistan|siirrän|palaan|seuraan|tutkin|katson|varmistan|järjestän|otan|annan|teen|jatkan|laitan|kysyn|etsin|ratkaisen|kirjaan)",
            "(voimme|voin|pystymme|pystyn) \\w+",
            // done already: "olemme lähettäneet", "on hyvitetty"
            "(olemme|olen|on|ovat|oli|ollaan) (\\w+ ){0,2}?(lähet|lähett|hyvit|korva|palaut|korja|vaihd|vaiht|toimit|käsit|peru|poist|lisä|päivit|siirr|siirt|välit|selvit|tarkist|ratkai|kirjat|avat|avan)\\w*",
            "(hyvity|korvau|alennu|kuponki|kuponk|palautuslap|hyvityskood|rahat takaisin|korvaav)\\w*",
            "uu(si|den|tta) (tilalle|tuote|tuotteen|paketti|paketin)",
            // guidance for the customer
            "voit",
            "voitte",
            "voisit",
            "voisitte",
            "kannattaa",
            "kokeil\\w*",
            "löydät",
            "löydätte",
            "löyty\\w*",
            "saat",
            "saatte",
            "yhteyttä",
            "\\w{2,}t(han|hän)",
            "\\w+(isitko|isitkö|isitteko|isittekö|atko|ätkö)",
            "(tarkista|paina|valitse|avaa|klikkaa|napsauta|käynnistä|päivitä|kirjaudu|mene|lähetä|laita|kerro|ota|soita|hae|täytä|seuraa|kokeile|tyhjennä|asenna|vaihda|poista|lataa|katso|palauta|vastaa)(kaa|kää)?",
            // the Finnish passive as "let's": "niin katsotaan", "selvitetään heti"
            "(niin|sitten|heti|yhdessä|nyt) \\w{3,}(taan|tään|daan|dään)",
            "\\w{3,}(taan|tään|daan|dään) (heti|asia\\w*|yhdessä|tänään|huomenna|pian)",
            "lähte\\w*",
            "lähti\\w*",
            "https?://\\S+",
            "www\\.\\S+",
            "(?<![@.])[\\w-]+\\.(fi|com|net|org|io|eu|se|co\\.uk)(/\\S*)?",
            "we('ll|’ll| will)",
            "i('ll|’ll| will)",
            "(we're|we’re|we are|i'm|i’m|i am) (going to|sending|refunding|checking|looking|working|adding|fixing|replacing|investigating|on it|arranging|escalating|updating|reviewing|contacting|chasing|booking)",
            "(we've|we’ve|we have|i've|i’ve|i have) (\\w+ )?(sent|refunded|issued|added|fixed|credited|replaced|cancelled|canceled|escalated|passed|forwarded|updated|arranged|booked|reset|reopened|shipped|resolved|restored|removed|reversed|applied|extended|upgraded|rebooked)",
            "please",
            "you (can|could|may)",
            "you('ll|’ll| will) (find|get|receive|see|be able|have)",
            "try\\w*",
            "go to",
            "click",
            "tap",
            "open",
            "select",
            "choose",
            "follow",
            "visit",
            "check (your|the|out|our|in)",
            "here('s|’s| is) (how|a|the|what)",
            "(send|dm|message|email|e-mail|call|ring|text) (us|me|our)",
            "contact",
            "reach (us|out|me)",
            "reply (here|to this)",
            "let (us|me) know",
            "refund\\w*",
            "replace\\w*",
            "voucher\\w*",
            "credit\\w*",
            "(could|can|would|will) you",
            "reset",
            "restart",
            "(re)?install\\w*",
            "clear\\w*",
            "(log|sign) (in|out)",
            "download\\w*",
            "refresh\\w*",
            "reload\\w*",
            "in the meantime",
            "sillä välin",
            "(team|we|i)('re|’re| are| is)? on it",
            "tervetuloa",
            "welcome",
            "see you",
            "sort (it|this|that) out",
            "escalat\\w*",
            "shipped",
            "on (its|the) way");

    // --- blame, sarcasm, arguing --------------------------------------------------------------------
    private static final Pattern BLAME = words(
            "(et|ette) (ole |ilmeisesti |varmaan |selvästikään )*(lukenut|lukeneet|tarkistanut|tarkistaneet|noudattanut|noudattaneet|ymmärtänyt|ymmärtäneet|huomannut|huomanneet|katsonut|kuunnellut|seurannut|täyttänyt|muistanut|osannut|viitsinyt|vaivautunut)",
            "(et|ette) (ilmeisesti |varmaan )?(osaa|osanneet|osannut|lukenut|ymmärrä|muista|jaksa|viitsi)",
            "olisit(te)? (\\w+ )?\\w+(nut|nyt|neet|nyt)",
            "(sinun|teidän|sun) (olisi|olis) (pitänyt|kannattanut|tarvinnut)",
            "(oma|omaa|omasta|omaan) (vika\\w*|syy\\w*|mokasi|virhee\\w*|huolimattomuu\\w*)",
            "(käyttäjä|käyttö)virhe\\w*",
            "(olet|olette|sinä olet|te olette|olit) (\\w+ )?väärässä",
            "(olet|olette|et|ette|\\w+(it|itte|sit|sitte)) ([^.!?,]{0,30} )?väärin",
            "kuten (jo |selvästi |selkeästi |aiemmin jo )+(kerroimme|kerrottiin|mainitsimme|sanoimme|totesimme|lukee|kerrotaan|on kerrottu|ohjeistimme)",
            "(selvästi|selkeästi|isolla) (lukee|kerrotaan|kerrottu|mainitaan|mainittu|ohjeistettu)",
            "(ehkä |joskus |ensin |ensi kerralla |kunnolla |huolellisesti |vaikka )+(lue|lukea|lukisit|luet|tutustu)\\w*",
            "(kannattaisi|kannattaa|kannattanut) (ehkä |joskus |ensin |kunnolla |vaikka )*(lukea|tarkistaa|tutustua|katsoa)",
            "ensi kerralla ([^.!?]{0,25} )?(kannattaa|kannattaisi|muista|lue|tarkista|katso|älä)",
            "vika on (sinun|teidän|sun) päässä\\w*",
            "(sinun|teidän) päässä\\w*",
            "you (should|shouldn't|should not|could|ought to)('ve| have) \\w+",
            "(if|had) you (had |only |just )*(read|checked|followed|looked|paid|bothered|listened)",
            "you (clearly |obviously |evidently |apparently |simply |just )*(didn't|did not|don't|do not|failed to|forgot to|neglected to|never) (bother\\w* to )?(read|check|follow|look|understand|pay attention|listen|notice|see)",
            "you failed to",
            "next time,? (please )?(check|read|make sure|remember|try|look|pay attention)",
            "before (ordering|buying|booking|complaining|you (order|buy|book|complain|write))",
            "(olet|olette) (varmaan|varmasti|ilmeisesti|kai|todennäköisesti) (\\w+ )?\\w+(nut|nyt|neet)",
            "\\w+(it|itte) (varmaan|ilmeisesti|kai|todennäköisesti)",
            "you (probably|likely) (didn't|did not|forgot|missed|entered|typed|chose|clicked|used)",
            "your (own )?(fault|mistake|error|problem)",
            "user error",
            "(as|which|this|it) (is |was )?(clearly|plainly|explicitly|very clearly) (stated|mentioned|explained|written|shown|visible|says|marked)",
            "as (we|i) (already|previously|clearly) (told|said|explained|mentioned|stated)",
            "(read|reading|check|checking) the (manual|faq|terms|instructions|guide|small print|fine print)( and conditions)? (next time|first|before|properly|carefully)",
            "(maybe|perhaps|next time)? ?(try )?reading the (manual|faq|terms|instructions|guide)",
            "before complaining",
            "on your (end|side)",
            "your own (internet|connection|device|phone|network|computer|settings|browser)",
            "you('re|’re| are) (wrong|mistaken|confused)",
            "you must have",
            "you (obviously|clearly) \\w+",
            "you misunderstood",
            "you misread",
            "did you (even|actually|really) \\w+",
            "learn to \\w+");
    private static final Pattern SARCASM = words(
            "kiitos (vaan|vaa)",
            "kiitos vain(?=\\s*[.!?,]|$)",
            "ihan varmasti",
            "varmasti joo",
            "joo joo",
            "jep jep",
            "no jopas",
            "voi voi",
            "voi raukka",
            "voi sinua",
            "eipä ihme",
            "yllätys yllätys",
            "arvatkaa mitä",
            "muka",
            "niin sanottu\\w*",
            "ns\\.",
            "vai niin",
            "jaahas",
            "onnea vaan",
            "onnea matkaan sen kanssa",
            "hyvä yritys",
            "onneksi olkoon(?!\\s+\\w+(sta|stä|sta\\w+|stä\\w+)\\b)",
            "oh,? (great|wonderful|fantastic|lovely|brilliant|sure|really)",
            "yeah,? right",
            "sure,? because",
            "good luck with that",
            "nice try",
            "thanks for nothing",
            "thanks a lot(?=\\s*[.!]|$)",
            "big surprise",
            "surprise,? surprise",
            "what a (shock|surprise)",
            "bless your heart",
            "so-called",
            "as if",
            "who knew",
            "congrat\\w*,? (you|you're|you’re)",
            "well done,? (you|genius)",
            "genius",
            "obviously",
            "another [^.!?]{0,30}(story|complaint|one)",
            "lol",
            "lmao",
            "rofl");
    private static final Pattern WOW = words("wow");
    private static final Pattern WOW_POSITIVE = compile(
            "^[^.!?]{0,4}[,!]?\\s*(thank|kiitos|great|amazing|love|kind|lovely|awesome|congrat|ihana|upea|mahtava|that's so)");
    private static final String EYE_ROLL = "🙄🙃😏😒🤦";
    private static final String LAUGHING = "😂🤣😆😅";
    private static final Pattern ARGUING = words(
            "(ei|eivät) (voi|voinut|voineet) (mitenkään )?(pitää|pidä) paikka\\w*",
            "(ei|eivät) pidä paikka\\w*",
            "(ei|se ei) (ole|ollut) (lainkaan |ollenkaan )?totta",
            "(ei|näin ei|se ei|tämä ei) (ole )?(ole )?(mitenkään )?(voinut|voi|ollut mahdollista|ole mahdollista) (tapahtua|käydä|olla totta|pitää)",
            "(meillä|meille) ei (ole )?(koskaan|ikinä)",
            "(emme|me emme|en) (ole )?(koskaan|ikinä) (?!(halua|haluaisi|tarkoit|toivo)\\w*)",
            "(ei|eikä) (ole |ollut )?(mitään |minkäänlaista )?(vikaa|virhettä|ongelmaa)",
            "ei (ollut|ole) (meidän|meistä|meihin)\\w* (vika\\w*|syy\\w*|kiinni)",
            "(ei|eikä) (johdu|johtunut) (meistä|meidän)\\w*",
            "emme (ole|ollut) vastuussa",
            "emme (voi )?vastaa (tästä|siitä|tällaisesta)",
            "kukaan muu ei (ole )?\\w+",
            "(ei|eikä) kukaan muu",
            "(et|ette) (ole )?ainoa\\w*",
            "(ei|eivät|eikä) (ole )?(meidän|meistä)",
            "(on|ovat) (ihan |täysin |aivan )?normaali\\w*",
            "(olet|olette) ainoa\\w*",
            "väit(ät|ätte|teesi|teenne|tämäsi|itte|it)\\w*",
            "emme hyväksy",
            "(aina|täysin|erittäin|poikkeuksetta) (kohteliai?ta?|asiallise?\\w*|moitteeto\\w*|ystävällise?\\w*)",
            "(toimimme|toimittiin|menettelimme) (täysin )?(ehtojen|sopimuksen|sääntöjen|lain|ohjeiden) mukaisesti",
            "se on (ihan |täysin )?normaalia",
            "(jos|koska|kun) seuranta(mme)? (niin )?(sanoo|näyttää|kertoo)",
            "that('s|’s| is| was) (simply )?(not|never) (true|the case|what happened|possible)",
            "this (is|was) (simply )?not (true|the case)",
            "(that|this) isn't (true|the case)",
            "we (have )?never(?! (want|wish|intend|mean|aim|meant|wanted))",
            "we('ve|’ve) never",
            "never happens",
            "(that's|that is|this is) impossible",
            "you claim\\w*",
            "your claim\\w*",
            "allegedly",
            "nothing wrong with",
            "works? (fine|perfectly|as (intended|designed|expected))( for everyone)?",
            "(no one|nobody|no other customer\\w*) (else )?(has |have )?(reported|complained|had|noticed|mentioned)",
            "(no one|nobody) else (has|had|have|is|was)",
            "not (us|ours)",
            "you('re|’re| are) not the only (one|customer)",
            "you('re|’re| are) the only one",
            "not (our|my) (fault|problem|responsibility)",
            "we('re|’re| are) not (responsible|to blame|at fault)",
            "(our staff|our team|our agents|we) (is|are) always (polite|friendly|professional|courteous)",
            "we (do not|don't) make mistakes",
            "there (is|was) no (problem|issue|bug|error|fault)",
            "(that|this) (can't|cannot) be (right|true)",
            "we (followed|acted according to) (the|our) (terms|policy|procedure|rules)");

    private static final Pattern ALWAYS_DEFENCE = words(
            "(?!(olemme|pyrimme|haluamme|toivomme|autamme|palvelemme|pahoittelemme|kiitämme)\\b)\\w{3,}mme (?!(kuuluu|pitää|pitäisi|tulee|tulisi|pyrkii|yrittää)\\b)(\\w+ ){0,2}(aina|poikkeuksetta|koskaan)",
            "(our \\w+|we) (\\w+ )?(is |are |do )?(always|never) (?!(want|wish|aim|try|strive|happy|glad)\\b)\\w+");

    // --- personal data ------------------------------------------------------------------------------
    private static final Pattern EMAIL = compile("(?<![\\w.+-])[\\w.+-]{1,64}@[\\w-]{1,63}(\\.[\\w-]{1,63})+");
    /** Shared mailboxes of a company are meant to be public; a person's address is not. */
    private static final Set<String> ROLE_MAILBOXES = Set.of(
            "asiakaspalvelu",
            "asiakastuki",
            "tuki",
            "support",
            "help",
            "helpdesk",
            "info",
            "service",
            "customerservice",
            "customercare",
            "care",
            "palaute",
            "feedback",
            "myynti",
            "sales",
            "contact",
            "hello",
            "noreply",
            "no-reply",
            "orders",
            "tilaukset",
            "billing",
            "laskutus",
            "privacy",
            "tietosuoja",
            "team",
            "palvelu",
            "asiakaspalaute",
            "huolto",
            "reklamaatiot",
            "returns",
            "palautukset");

    private static final Pattern PHONE = compile("(?<![\\w+])(\\+|00)?\\d[\\d ()-]{5,16}\\d(?![\\w])");
    /** Service and switchboard numbers (0800, 020x, 010, 029, 030, 0600, 0700) belong to companies. */
    private static final Pattern SERVICE_NUMBER =
            compile("^(\\+358|00358|0)\\s*\\(?0?\\)?\\s*(800|20|10|29|30|600|700|75)");

    private static final Pattern ORDER_NUMBER = compile(
            "(?<![\\w])(tilaus\\w*|tilauk\\w*|asiakasnumero\\w*|asiakasnro|viite\\w*|lähetys\\w*|seurantakoodi\\w*|lasku\\w*|varaus\\w*|varauk\\w*|order|orders|order number|order no\\.?|ref\\.?|reference|booking|reservation|invoice|tracking( number| code)?|customer (number|no\\.?|id)|account (number|no\\.?))"
                    + "\\s*(:|#|nro\\.?|no\\.?|number|numero|n:o)?\\s*#?\\s*([a-z]{0,4}-?\\d[\\d-]{3,}[a-z0-9]*)(?![\\w])");
    private static final Pattern HASH_ID = compile("(?<![\\w&])#[a-z]{0,3}-?\\d{4,}(?![\\w])");
    private static final Pattern FI_STREET = compile(
            "(?<![\\w])[A-ZÅÄÖ][a-zåäöé-]+(katu|tie|kuja|polku|väylä|kaari|ranta|puistikko|tori|raitti|mäki|rinne|piha|aukio|bulevardi|esplanadi|penger|portti|linja|vägen|gatan|gränd)\\s+\\d{1,4}(\\s?[A-Za-z](?![a-z]))?(\\s?\\d{1,3})?(?![\\w])");
    private static final Pattern POSTAL_CITY = compile("(?<![\\w])\\d{5}\\s+[A-ZÅÄÖ][a-zåäö]{2,}");
    private static final Pattern EN_STREET = compile(
            "(?<![\\w])\\d{1,5}[a-zA-Z]?\\s+([A-Z][a-z]+\\s){1,3}(Street|St\\.?|Road|Rd\\.?|Avenue|Ave\\.?|Lane|Ln\\.?|Drive|Dr\\.?|Way|Court|Ct\\.?|Place|Pl\\.?|Boulevard|Blvd\\.?|Close|Crescent|Square|Terrace|Gardens|Grove|Row)(?![\\w])");
    private static final Pattern UK_POSTCODE = compile("(?<![\\w])[A-Z]{1,2}\\d[A-Z\\d]?\\s\\d[A-Z]{2}(?![\\w])");
    /** A company's own premises are public anyway. */
    private static final Pattern PREMISES = words(
            "myymälä\\w*",
            "liikkee\\w*",
            "liike",
            "toimipist\\w*",
            "toimisto\\w*",
            "konttori\\w*",
            "store",
            "shop",
            "office",
            "branch",
            "outlet",
            "noutopiste\\w*",
            "pickup point");

    /** Asking forms only (imperative, polite "-han", questions): "kerromme" or "we will share" ask nothing. */
    private static final Pattern REQUEST = words(
            "(kerro|laita|kirjoita|jätä|lisää|liitä|merkitse|anna|postaa|vastaa|kommentoi|jaa|ilmoita)(thän|than|tkö|tko)?",
            "(kerrot|laitat|kirjoitat|jätät|lisäät|liität|merkitset|annat|postaat|vastaat|kommentoit|jaat|ilmoitat)(han|hän|ko|kö)",
            "(kertoisit|laittaisit|kirjoittaisit|jättäisit|lisäisit|liittäisit|antaisit|postaisit|vastaisit|jakaisit|ilmoittaisit)(ko|kö|te|teko|tekö)?",
            "(kertokaa|laittakaa|kirjoittakaa|jättäkää|lisätkää|antakaa|vastatkaa|jakakaa|ilmoittakaa)",
            "voisit\\w* (kertoa|laittaa|kirjoittaa|jättää|antaa|jakaa|lisätä|ilmoittaa)",
            "post",
            "share",
            "leave",
            "drop",
            "comment",
            "reply",
            "write",
            "put",
            "give us",
            "tell us",
            "type",
            "add",
            "include",
            "provide");
    /** "we will share your address with the courier" is not a request to the customer. */
    private static final Pattern FIRST_PERSON =
            words("we", "i", "we'll", "we’ll", "i'll", "i’ll", "will", "shall", "emme", "en");

    private static final Pattern DATA_NOUN = words(
            "tilausnumero\\w*",
            "tilausnro",
            "puhelinnumero\\w*",
            "puh\\.? ?nro",
            "numero(si|nne)",
            "sähköposti\\w*",
            "s-posti\\w*",
            "osoit(e|teesi|teenne|teen|teet|teesikin)",
            "(koti|toimitus|posti|sähköposti|laskutus|katu)osoit\\w*",
            "henkilötunnu\\w*",
            "hetu\\w*",
            "asiakasnumero\\w*",
            "korttinumero\\w*",
            "kortin numero\\w*",
            "tilinumero\\w*",
            "iban",
            "syntymäai\\w*",
            "yhteystie\\w*",
            "order (number|no|id|#|details)",
            "phone( number)?",
            "mobile( number)?",
            "number",
            "e-?mail( address)?",
            "address",
            "postcode",
            "zip( code)?",
            "account (number|details)",
            "card (number|details)",
            "date of birth",
            "contact details",
            "full name",
            "booking (number|reference)",
            "tracking number");
    private static final Pattern PRIVATE_CHANNEL = words(
            "yksityisvie\\w*",
            "yksityisesti",
            "yksärillä",
            "yksäri\\w*",
            "privaat\\w*",
            "pm\\w*",
            "dm\\w*",
            "direct message\\w*",
            "private\\w*",
            "privately",
            "inbox",
            "messenger",
            "sähköpostitse",
            "sähköpostilla",
            "email us",
            "e-mail us",
            "by e-?mail",
            "via e-?mail",
            "puhelimitse",
            "soittamalla",
            "soita(kaa|thän|tko)?",
            "call us",
            "lomakkee\\w*",
            "lomake\\w*",
            "form",
            "chat\\w*",
            "secure",
            "suojat\\w*",
            "kirjautu\\w*",
            "log in");

    private static final Pattern NEGATION = words(
            "en", "et", "ei", "emme", "ette", "eivät", "älä", "älkää", "ettei", "ettet", "ettemme", "eikä", "emmekä",
            "etkä", "not", "never", "no", "cannot", "can't", "can’t", "won't", "won’t", "don't", "don’t", "doesn't",
            "didn't", "isn't", "aren't", "wasn't", "unable", "without", "nor");
    private static final Pattern CONDITIONAL = words("jos", "if", "any", "mahdolli\\w*", "possible", "should");

    private static final Set<String> ACRONYMS = Set.of(
            "GDPR", "HTTP", "HTTPS", "HTML", "JSON", "NASA", "IKEA", "KELA", "VISA", "LIDL", "WLAN", "WIFI", "ASAP",
            "IBAN", "SEPA", "SWIFT", "NATO", "UNICEF", "HUSLAB", "HUS", "YTHS", "TYKS", "TAYS", "OYS", "KYS", "OSTOS",
            "ISBN", "VAT", "SMS", "MMS", "EUR", "USD", "ATM", "FAQ", "RSVP", "PDF", "URL", "IOS", "USB");
    private static final Pattern FINNISH_WORDS = words(
            "ja",
            "on",
            "ei",
            "että",
            "kiitos",
            "hei",
            "olemme",
            "sinun",
            "tämä",
            "se",
            "mutta",
            "voit",
            "tai",
            "niin",
            "myös",
            "jo",
            "kun",
            "jos",
            "meille",
            "teille",
            "sinulle",
            "\\w*[äö]\\w*");
    private static final Pattern ENGLISH_WORDS = words(
            "the", "and", "you", "we", "is", "to", "for", "your", "our", "thanks", "hi", "it", "of", "this", "that",
            "please", "sorry", "be", "are", "will", "in", "on");

    private static final int MAX_PER_RULE = 50;

    private final CoachSettings settings;
    private final Map<CoachRule, List<Pattern>> extra = new EnumMap<>(CoachRule.class);

    Checker(CoachSettings settings) {
        this.settings = settings;
        for (Map.Entry<CoachRule, List<String>> e : settings.extraPhrases().entrySet()) {
            List<Pattern> ps = new ArrayList<>();
            for (String phrase : e.getValue()) {
                ps.add(compile("(?<![\\w])" + Pattern.quote(phrase.strip().toLowerCase(Locale.ROOT))));
            }
            extra.put(e.getKey(), ps);
        }
    }

    List<Finding> check(String text, boolean isPublic, String customerMessage) {
        Draft d = new Draft(text);
        boolean fi = finnish(d.lower);
        List<Finding> out = new ArrayList<>();
        String customer = customerMessage == null ? null : lower(customerMessage);
        boolean complaint = customer != null && COMPLAINT.matcher(customer).find();
        boolean customerPraise = customer != null
                && !complaint
                && customer.indexOf('?') < 0
                && PRAISE.matcher(customer).find();

        int apology = apologises(d);
        boolean faultInReply = customer == null && faultInReply(d);
        boolean complaintContext = complaint || faultInReply || (customer == null && apology < 0);
        List<int[]> sarcasm = sarcasmSpans(d, complaintContext);

        // acknowledgement: thanks, empathy or an apology, but not a sarcastic "kiitos vaan"
        boolean acknowledged = present(ACKNOWLEDGEMENT, d.masked, sarcasm) || apology == 1;
        if (!acknowledged) {
            add(out, CoachRule.NO_ACKNOWLEDGEMENT, isPublic, 0, 0, fi);
        }
        boolean faultKnown = customer != null ? complaint : (faultInReply || apology < 0);
        if (faultKnown && apology != 1) {
            add(out, CoachRule.NO_APOLOGY, isPublic, 0, 0, fi);
        }
        boolean remedyExpected = !customerPraise
                && !(customer == null
                        && (PRAISE_RESPONSE.matcher(d.masked).find()
                                || ANSWERS_QUESTION.matcher(d.masked).find())
                        && !faultInReply);
        if (remedyExpected && !present(SOLUTION, d.masked, sarcasm)) {
            add(out, CoachRule.NO_SOLUTION, isPublic, 0, 0, fi);
        }
        spans(out, CoachRule.BLAMES_CUSTOMER, BLAME, d.masked, isPublic, fi, true);
        for (int[] s : sarcasm) {
            add(out, CoachRule.SARCASM, isPublic, s[0], s[1], fi);
        }
        spans(out, CoachRule.ARGUING, ARGUING, d.masked, isPublic, fi, false);
        if (complaintContext) {
            // "our drivers always stop": a sweeping defence only disputes something when there is a complaint
            spans(out, CoachRule.ARGUING, ALWAYS_DEFENCE, d.masked, isPublic, fi, false);
        }
        if (isPublic) {
            personalData(out, d, fi);
            asksPersonalData(out, d, fi);
        }
        shouting(out, d, isPublic, fi);
        for (Map.Entry<CoachRule, List<Pattern>> e : extra.entrySet()) {
            CoachRule rule = e.getKey();
            if (rule.publicOnly() && !isPublic) {
                continue;
            }
            for (Pattern p : e.getValue()) {
                Matcher m = p.matcher(d.lower);
                while (m.find()) {
                    if (settings.enabled(rule)) {
                        out.add(new Finding(
                                rule,
                                severity(rule, isPublic),
                                m.start(),
                                m.end(),
                                Guide.extraPhraseMessage(rule, fi, text.substring(m.start(), m.end()))));
                    }
                }
            }
        }
        out.sort(Comparator.comparingInt(Finding::start)
                .thenComparing(f -> f.rule().ordinal()));
        return out;
    }

    private void add(List<Finding> out, CoachRule rule, boolean isPublic, int start, int end, boolean fi) {
        if (!settings.enabled(rule)) {
            return;
        }
        int sameRule = 0;
        for (Finding f : out) {
            if (f.rule() == rule && ++sameRule >= MAX_PER_RULE) {
                return; // a pasted wall of capitals needs one mark per line of sight, not thousands
            }
            if (f.rule() == rule && f.start() < Math.max(end, start + 1) && start < Math.max(f.end(), f.start() + 1)) {
                return; // one finding per overlapping span
            }
        }
        out.add(new Finding(rule, severity(rule, isPublic), start, end, Guide.message(rule, fi)));
    }

    /**
     * Personal data and requests for it block a public reply (they cannot be taken back once posted);
     * so do blaming and mocking in public, which every follower reads (002 §5, 004 rule 2). Everything
     * else is advice.
     */
    static Severity severity(CoachRule rule, boolean isPublic) {
        if (!isPublic) {
            return Severity.WARNING;
        }
        return switch (rule) {
            case PERSONAL_DATA_PUBLIC, ASKS_PERSONAL_DATA_PUBLIC, BLAMES_CUSTOMER, SARCASM -> Severity.BLOCKING;
            default -> Severity.WARNING;
        };
    }

    private void spans(
            List<Finding> out, CoachRule rule, Pattern p, String s, boolean isPublic, boolean fi, boolean negatable) {
        Matcher m = p.matcher(s);
        while (m.find()) {
            if (negatable && negated(s, m.start())) {
                continue;
            }
            add(out, rule, isPublic, m.start(), trimEnd(s, m.start(), m.end()), fi);
        }
    }

    private static int trimEnd(String s, int start, int end) {
        while (end > start + 1 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /** 1: apologises, 0: no apology, -1: refuses to apologise ("emme pahoittele"), itself a sign of a complaint. */
    private static int apologises(Draft d) {
        Matcher m = APOLOGY.matcher(d.masked);
        int result = 0;
        while (m.find()) {
            if (negated(d.masked, m.start())) {
                result = -1;
                continue;
            }
            String tail = d.masked.substring(m.end(), Math.min(d.masked.length(), m.end() + 60));
            if (NON_APOLOGY_TAIL.matcher(tail).find()) {
                result = -1; // an apology for the customer's feelings admits there is a complaint
                continue;
            }
            return 1;
        }
        return result;
    }

    private static boolean faultInReply(Draft d) {
        Matcher m = FAULT_IN_REPLY.matcher(d.masked);
        while (m.find()) {
            if (!negated(d.masked, m.start()) && !preceded(CONDITIONAL, d.masked, m.start(), 3)) {
                return true;
            }
        }
        return false;
    }

    private static boolean present(Pattern p, String s, List<int[]> excluded) {
        Matcher m = p.matcher(s);
        while (m.find()) {
            if (negated(s, m.start()) || inside(excluded, m.start())) {
                continue;
            }
            return true;
        }
        return false;
    }

    private static boolean inside(List<int[]> spans, int pos) {
        for (int[] s : spans) {
            if (pos >= s[0] && pos < s[1]) {
                return true;
            }
        }
        return false;
    }

    /** A negating word among the three words before {@code pos} in the same clause. */
    static boolean negated(String s, int pos) {
        return preceded(NEGATION, s, pos, 3);
    }

    private static boolean preceded(Pattern words, String s, int pos, int maxWords) {
        int i = pos;
        int seen = 0;
        while (i > 0 && seen < maxWords) {
            int end = i;
            while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
                end--;
            }
            if (end == 0) {
                return false;
            }
            char c = s.charAt(end - 1);
            if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':' || c == ',' || c == '\n' || c == '–') {
                return false;
            }
            int start = end;
            while (start > 0 && isWordChar(s.charAt(start - 1))) {
                start--;
            }
            if (start == end) {
                return false;
            }
            if (words.matcher(s).region(start, end).matches()) {
                return true;
            }
            i = start;
            seen++;
        }
        return false;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '\'' || c == '’' || c == '-';
    }

    private static List<int[]> sarcasmSpans(Draft d, boolean complaintContext) {
        List<int[]> out = new ArrayList<>();
        Matcher m = SARCASM.matcher(d.masked);
        while (m.find()) {
            out.add(new int[] {m.start(), trimEnd(d.masked, m.start(), m.end())});
        }
        Matcher w = WOW.matcher(d.masked);
        while (w.find()) {
            String tail = d.masked.substring(w.end(), Math.min(d.masked.length(), w.end() + 40));
            if (!WOW_POSITIVE.matcher(tail).find()) {
                out.add(new int[] {w.start(), w.end()});
            }
        }
        String t = d.text;
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            int len = Character.charCount(cp);
            String e = new String(Character.toChars(cp));
            if (EYE_ROLL.contains(e) || (complaintContext && LAUGHING.contains(e))) {
                out.add(new int[] {i, i + len});
            }
            i += len;
        }
        out.addAll(d.scareQuotes);
        out.sort(Comparator.comparingInt(a -> a[0]));
        return out;
    }

    private void personalData(List<Finding> out, Draft d, boolean fi) {
        boolean hasDigit = d.text.chars().anyMatch(Character::isDigit);
        Matcher m = EMAIL.matcher(d.text);
        while (d.text.indexOf('@') >= 0 && m.find()) {
            String local = d.lower.substring(m.start(), d.text.indexOf('@', m.start()));
            if (!ROLE_MAILBOXES.contains(local)) {
                add(out, CoachRule.PERSONAL_DATA_PUBLIC, true, m.start(), m.end(), fi);
            }
        }
        if (!hasDigit) {
            return; // every other kind of personal data has a number in it
        }
        m = PHONE.matcher(d.text);
        while (m.find()) {
            String number = m.group();
            int digits = 0;
            for (int i = 0; i < number.length(); i++) {
                if (Character.isDigit(number.charAt(i))) {
                    digits++;
                }
            }
            boolean looksLikePhone = (number.startsWith("+") || number.startsWith("0")) && digits >= 7 && digits <= 15;
            if (looksLikePhone && !SERVICE_NUMBER.matcher(number).find() && !insideEmail(d.text, m.start())) {
                add(out, CoachRule.PERSONAL_DATA_PUBLIC, true, m.start(), m.end(), fi);
            }
        }
        m = ORDER_NUMBER.matcher(d.lower);
        while (m.find()) {
            add(out, CoachRule.PERSONAL_DATA_PUBLIC, true, m.start(), m.end(), fi);
        }
        m = HASH_ID.matcher(d.lower);
        while (m.find()) {
            add(out, CoachRule.PERSONAL_DATA_PUBLIC, true, m.start(), m.end(), fi);
        }
        for (Pattern p : new Pattern[] {FI_STREET, POSTAL_CITY, EN_STREET, UK_POSTCODE}) {
            m = p.matcher(d.text);
            while (m.find()) {
                int from = Math.max(0, m.start() - 60);
                if (!PREMISES.matcher(d.lower).region(from, m.start()).find()) {
                    add(out, CoachRule.PERSONAL_DATA_PUBLIC, true, m.start(), m.end(), fi);
                }
            }
        }
    }

    private static boolean insideEmail(String t, int pos) {
        return pos > 0 && (t.charAt(pos - 1) == '@' || t.charAt(pos - 1) == '.');
    }

    /** A sentence that asks for personal data without naming a private channel asks for it in public. */
    private void asksPersonalData(List<Finding> out, Draft d, boolean fi) {
        String s = d.masked;
        if (!DATA_NOUN.matcher(s).find()) {
            return;
        }
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            boolean end = i == s.length()
                    || s.charAt(i) == '.'
                    || s.charAt(i) == '!'
                    || s.charAt(i) == '?'
                    || s.charAt(i) == '\n';
            if (!end) {
                continue;
            }
            if (i > start) {
                checkSentence(out, s, start, i, fi);
            }
            start = i + 1;
        }
    }

    private void checkSentence(List<Finding> out, String s, int from, int to, boolean fi) {
        Matcher req = REQUEST.matcher(s).region(from, to);
        while (req.find()) {
            if (negated(s, req.start()) || preceded(FIRST_PERSON, s, req.start(), 2)) {
                continue;
            }
            Matcher noun = DATA_NOUN.matcher(s).region(req.end(), Math.min(to, req.end() + 80));
            if (!noun.find()) {
                continue;
            }
            if (PRIVATE_CHANNEL.matcher(s).region(from, to).find()) {
                return;
            }
            add(out, CoachRule.ASKS_PERSONAL_DATA_PUBLIC, true, req.start(), noun.end(), fi);
            return;
        }
    }

    private void shouting(List<Finding> out, Draft d, boolean isPublic, boolean fi) {
        String t = d.maskedOriginal;
        int n = t.length();
        int i = 0;
        while (i < n) {
            char c = t.charAt(i);
            if (!Character.isLetter(c)) {
                i++;
                continue;
            }
            int j = i;
            boolean allUpper = true;
            while (j < n && (Character.isLetter(t.charAt(j)) || t.charAt(j) == '-')) {
                if (Character.isLowerCase(t.charAt(j))) {
                    allUpper = false;
                }
                j++;
            }
            boolean code = (i > 0
                            && (Character.isDigit(t.charAt(i - 1))
                                    || t.charAt(i - 1) == '@'
                                    || t.charAt(i - 1) == '.'
                                    || t.charAt(i - 1) == '/'
                                    || t.charAt(i - 1) == '#'))
                    || (j < n && (Character.isDigit(t.charAt(j)) || t.charAt(j) == '@'));
            String word = t.substring(i, j).replace("-", "");
            if (allUpper && word.length() >= 4 && !code && !ACRONYMS.contains(word)) {
                add(out, CoachRule.SHOUTING, isPublic, i, j, fi);
            }
            i = j;
        }
        int total = 0;
        int sentences = 0;
        int exclaimed = 0;
        for (int k = 0; k < n; k++) {
            char c = t.charAt(k);
            if (c == '!') {
                int run = k;
                while (run < n && (t.charAt(run) == '!' || t.charAt(run) == '1' && run > k)) {
                    run++;
                }
                if (run - k >= 3) {
                    add(out, CoachRule.SHOUTING, isPublic, k, run, fi);
                }
                total += run - k;
                exclaimed++;
                sentences++;
                k = run - 1;
            } else if (c == '.' || c == '?') {
                sentences++;
            }
        }
        // an exclamation storm spread over the text: four or more, ending most sentences
        if (total >= 4 && exclaimed * 2 > sentences) {
            int first = t.indexOf('!');
            add(out, CoachRule.SHOUTING, isPublic, first, t.lastIndexOf('!') + 1, fi);
        }
    }

    private static boolean finnish(String lower) {
        int fi = 0;
        int en = 0;
        Matcher m = FINNISH_WORDS.matcher(lower);
        while (m.find()) {
            fi++;
        }
        m = ENGLISH_WORDS.matcher(lower);
        while (m.find()) {
            en++;
        }
        return fi >= en;
    }

    static String lower(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            c[i] = Character.toLowerCase(c[i]);
        }
        return new String(c);
    }

    /** The draft with its quotations found: long ones masked for tone rules, short ones kept as scare quotes. */
    static final class Draft {
        private static final Pattern UI_CUE = words(
                "painik\\w*",
                "nappi\\w*",
                "napi\\w*",
                "button",
                "valikko\\w*",
                "valikos\\w*",
                "menu",
                "kohta\\w*",
                "kohdas\\w*",
                "välileh\\w*",
                "tab",
                "kenttä\\w*",
                "kentäs\\w*",
                "field",
                "valitse",
                "select",
                "choose",
                "click",
                "klikkaa",
                "paina",
                "napsauta",
                "press",
                "tap",
                "hae",
                "search",
                "kirjoita",
                "type",
                "enter",
                "linkki\\w*",
                "link",
                "otsikko\\w*",
                "title",
                "koodi\\w*",
                "code",
                "tila",
                "status",
                "sivu\\w*",
                "page",
                "sovellus\\w*",
                "app",
                "nimellä",
                "named",
                "called",
                "label\\w*",
                "option",
                "vaihtoeh\\w*");
        final String text;
        final String lower;
        final String masked;
        final String maskedOriginal;
        final List<int[]> scareQuotes = new ArrayList<>();

        Draft(String text) {
            this.text = text;
            this.lower = Checker.lower(text);
            char[] m = lower.toCharArray();
            char[] mo = text.toCharArray();
            int n = text.length();
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c == '>' && (i == 0 || text.charAt(i - 1) == '\n')) {
                    int e = text.indexOf('\n', i);
                    e = e < 0 ? n : e;
                    blank(m, mo, i, e);
                    i = e;
                    continue;
                }
                char close = closing(text, i);
                if (close == 0) {
                    continue;
                }
                int e = findClose(text, i + 1, close);
                if (e < 0) {
                    continue;
                }
                String inner = text.substring(i + 1, e).strip();
                int wordsInside = inner.isEmpty() ? 0 : inner.split("\\s+").length;
                if (wordsInside >= 1 && wordsInside <= 3 && inner.length() <= 30) {
                    int from = Math.max(0, i - 30);
                    boolean uiLabel = UI_CUE.matcher(lower).region(from, i).find()
                            || UI_CUE.matcher(lower)
                                    .region(e + 1, Math.min(n, e + 16))
                                    .find()
                            || inner.chars().anyMatch(ch -> Character.isDigit(ch) || ch == '→' || ch == '>');
                    if (!uiLabel) {
                        scareQuotes.add(new int[] {i, e + 1});
                    }
                } else if (wordsInside > 3) {
                    blank(m, mo, i, e + 1);
                }
                i = e;
            }
            this.masked = new String(m);
            this.maskedOriginal = new String(mo);
        }

        private static void blank(char[] m, char[] mo, int from, int to) {
            for (int k = from; k < to; k++) {
                m[k] = ' ';
                mo[k] = ' ';
            }
        }

        /** The closing quote for an opening quote at {@code i}, or 0. An apostrophe inside a word opens nothing. */
        private static char closing(String t, int i) {
            char c = t.charAt(i);
            boolean wordBefore = i > 0 && Character.isLetterOrDigit(t.charAt(i - 1));
            boolean spaceAfter = i + 1 >= t.length() || Character.isWhitespace(t.charAt(i + 1));
            if (wordBefore || spaceAfter) {
                return 0;
            }
            return switch (c) {
                case '"' -> '"';
                case '“' -> '”';
                case '”' -> '”';
                case '„' -> '”';
                case '«' -> '»';
                case '»' -> '»';
                case '\'' -> '\'';
                case '‘' -> '’';
                case '’' -> '’';
                default -> 0;
            };
        }

        private static int findClose(String t, int from, char close) {
            int limit = Math.min(t.length(), from + 600);
            for (int k = from; k < limit; k++) {
                char c = t.charAt(k);
                boolean matches = c == close || (close == '”' && c == '“') || (close == '"' && c == '”');
                if (matches) {
                    boolean wordAfter = k + 1 < t.length() && Character.isLetter(t.charAt(k + 1));
                    boolean apostrophe = (close == '\'' || close == '’') && wordAfter;
                    if (!apostrophe) {
                        return k;
                    }
                }
            }
            return -1;
        }
    }
}
