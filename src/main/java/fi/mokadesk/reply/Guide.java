package fi.mokadesk.reply;

import java.util.EnumMap;
import java.util.Map;

/**
 * What each rule tells the author, quoting the guide behind it: {@code 001}, {@code 002} and {@code 004}
 * are the team's crisis-communication guides (see docs/reply-coach.md), Finnish for a Finnish reply and
 * English otherwise.
 */
final class Guide {
    private static final Map<CoachRule, String[]> TEXT = new EnumMap<>(CoachRule.class);

    static {
        put(
                CoachRule.NO_ACKNOWLEDGEMENT,
                "Kiitä tai osoita ymmärrystä heti alussa (004, sääntö 1: \"Kiitän asiakasta viestistä ja"
                        + " palautteesta\").",
                "Thank or acknowledge the customer first (guide 004, rule 1: thank the customer for the"
                        + " message and the feedback).");
        put(
                CoachRule.NO_APOLOGY,
                "Asiakas kertoo meidän virheestämme: pahoittele heti alussa ja myönnä moka avoimesti (004,"
                        + " sääntö 1; 002 §6: \"Aloita pahoittelulla\").",
                "The customer reports our mistake: apologise early and admit it openly (guide 004, rule 1;"
                        + " 002 §6: start with an apology).");
        put(
                CoachRule.BLAMES_CUSTOMER,
                "Älä syyllistä asiakasta (004, sääntö 2: \"Älä koskaan, ikinä, yritä syyllistää asiakasta\";"
                        + " 001 §1: mikä tahansa vastaus paitsi asiakkaan syyttely).",
                "Never blame the customer (guide 004, rule 2: never, ever blame the customer; 001 §1: any"
                        + " quick answer except blaming the customer).");
        put(
                CoachRule.SARCASM,
                "Ei ironiaa eikä sarkasmia (002 §5: \"Älä koskaan yritä pilkata palautteenantajaa. Ironialla"
                        + " ja sarkasmilla on paikkansa, mutta ei asiakaspalvelussa.\").",
                "No irony or sarcasm (guide 002 §5: never mock the person giving feedback; irony and sarcasm"
                        + " have their place, but not in customer service).");
        put(
                CoachRule.ARGUING,
                "Älä kiistä asiakkaan kokemusta (001 §2: \"Älä missään tapauksessa ala kiistelemään asiakkaan"
                        + " kanssa\"; 004, sääntö 2: älä puolustele itseäsi).",
                "Do not dispute the customer's experience (guide 001 §2: never start arguing with the"
                        + " customer; 004, rule 2: do not defend yourself).");
        put(
                CoachRule.NO_SOLUTION,
                "Tarjoa ratkaisu, hyvitys tai seuraava askel (002 §6: \"tarjoa ratkaisuesitys tai mahdollinen"
                        + " opastus\"; 004, sääntö 3: ehdota ratkaisua, joka maksaa sinulle jotakin).",
                "Offer a remedy, a next step or guidance (guide 002 §6: offer a solution or guidance; 004,"
                        + " rule 3: propose a remedy that costs you something).");
        put(
                CoachRule.PERSONAL_DATA_PUBLIC,
                "Henkilötieto julkisessa vastauksessa: poista se ja jatka yksityisviesteillä (001 §2:"
                        + " siirrä keskustelu yksityisviestien puolelle).",
                "Personal data in a public reply: remove it and continue in private messages (guide 001 §2:"
                        + " move the conversation to private messages).");
        put(
                CoachRule.ASKS_PERSONAL_DATA_PUBLIC,
                "Älä pyydä henkilötietoja julkisesti: pyydä ne yksityisviestillä (001 §2: kerro, että"
                        + " tarvitset tietoja, ja siirrä keskustelu yksityisviesteihin).",
                "Do not ask for personal data in public: ask for it in a private message (guide 001 §2:"
                        + " explain you need the details and move to private messages).");
        put(
                CoachRule.SHOUTING,
                "Ei huutamista: vältä isoja kirjaimia ja huutomerkkiryöppyjä (002 §5: pysy tyynenä; 001 §4:"
                        + " älä vastaa vihaan vihalla).",
                "No shouting: avoid capitals and exclamation storms (guide 002 §5: stay calm; 001 §4: do not"
                        + " answer anger with anger).");
    }

    private Guide() {}

    private static void put(CoachRule rule, String fi, String en) {
        TEXT.put(rule, new String[] {fi, en});
    }

    static String message(CoachRule rule, boolean finnish) {
        return TEXT.get(rule)[finnish ? 0 : 1];
    }

    static String extraPhraseMessage(CoachRule rule, boolean finnish, String phrase) {
        return (finnish ? "Työtilassa kielletty ilmaus \"" : "Phrase forbidden in this workspace \"")
                + phrase
                + "\". "
                + message(rule, finnish);
    }
}
