package fi.mokadesk.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One behaviour per test: what the author of a reply sees, in Finnish and English, with near misses. */
class ReplyCoachTest {
    private static final ReplyCoach COACH = ReplyCoach.withDefaults();

    private static List<String> rules(String text, boolean isPublic, String customer) {
        return COACH.check(text, isPublic, customer).stream()
                .map(f -> f.rule().id())
                .toList();
    }

    private static List<String> rules(String text) {
        return rules(text, true, null);
    }

    private static Finding first(String text, String rule) {
        return COACH.check(text, true, null).stream()
                .filter(f -> f.rule().id().equals(rule))
                .findFirst()
                .orElseThrow();
    }

    @Nested
    class Acknowledgement {
        @Test
        void missingThanksIsReportedAtTheStart() {
            Finding f = first("Paketti lähtee huomenna.", "no_acknowledgement");
            assertThat(f.start()).isZero();
            assertThat(f.end()).isZero();
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("004");
        }

        @Test
        void inflectedThanksEmpathyAndApologyAllCount() {
            assertThat(rules("Kiitämme viestistäsi, lähetämme uuden.")).doesNotContain("no_acknowledgement");
            assertThat(rules("Kiitokset palautteesta, korjaamme asian.")).doesNotContain("no_acknowledgement");
            assertThat(rules("Ymmärrämme turhautumisesi. Soitamme sinulle tänään."))
                    .doesNotContain("no_acknowledgement");
            assertThat(rules("Sorry to hear that! We'll send a new one.")).doesNotContain("no_acknowledgement");
            assertThat(rules("I understand, and we'll fix it today.")).doesNotContain("no_acknowledgement");
        }

        @Test
        void sarcasticThanksIsNoAcknowledgement() {
            assertThat(rules("Kiitos vaan palautteesta. Lähetämme uuden.")).contains("no_acknowledgement", "sarcasm");
        }
    }

    @Nested
    class Apology {
        @Test
        void customerReportsOurFaultAndReplyDoesNotApologise() {
            assertThat(rules("Kiitos viestistä, lähetämme uuden.", true, "Tuote tuli rikki."))
                    .contains("no_apology");
            assertThat(rules("Thanks, we'll send a new one.", true, "My order arrived damaged."))
                    .contains("no_apology");
        }

        @Test
        void inflectedApologiesCount() {
            for (String apology : List.of(
                    "Pahoittelemme",
                    "Pahoittelut",
                    "Pahoittelen",
                    "Olemme pahoillamme",
                    "Sorry",
                    "We apologise",
                    "Anteeksi")) {
                assertThat(rules(apology + "! Lähetämme uuden tilalle.", true, "Paketti ei ole tullut."))
                        .as(apology)
                        .doesNotContain("no_apology");
            }
        }

        @Test
        void negatedOrConditionalApologyIsNone() {
            assertThat(rules("Kiitos. Emme pahoittele mitään, lähetämme uuden.", true, "Tuote on viallinen."))
                    .contains("no_apology");
            assertThat(rules("Kiitos. Emme pahoittele mitään.", true, null)).contains("no_apology");
            assertThat(rules("We're sorry if you feel that way. We'll look into it.", true, null))
                    .contains("no_apology");
        }

        @Test
        void aQuestionOrPraiseNeedsNoApology() {
            assertThat(rules(
                            "Kiitos kysymyksestä! Voit vaihtaa osoitteen Omat tiedot -sivulla.",
                            true,
                            "Miten vaihdan osoitteen?"))
                    .doesNotContain("no_apology");
            assertThat(rules("Thanks so much, glad to hear it!", true, "Great service, thanks!"))
                    .isEmpty();
        }

        @Test
        void withoutTheCustomerMessageTheReplyItselfTells() {
            assertThat(rules("Kiitos. Toimituksessa oli virhe, uusi tuote lähtee huomenna."))
                    .contains("no_apology");
            assertThat(rules("Kiitos tilauksesta! Paketti lähtee huomenna.")).doesNotContain("no_apology");
        }
    }

    @Nested
    class Solution {
        @Test
        void noRemedyNoNextStep() {
            assertThat(rules("Kiitos palautteesta ja pahoittelut.", true, "Laskussa on virhe."))
                    .contains("no_solution");
            assertThat(rules("Thanks, and sorry about that.", true, "I was charged twice."))
                    .contains("no_solution");
        }

        @Test
        void remediesAndNextStepsInManyForms() {
            for (String remedy : List.of(
                    "Korvaamme vahingon.",
                    "Hyvitämme tilauksen.",
                    "Lähetämme uuden tilalle.",
                    "Palautamme rahat tilillesi.",
                    "Otathan yhteyttä chatissa.",
                    "Voit hakea korvausta lomakkeella.",
                    "Olemme jo hyvittäneet maksun.",
                    "We'll refund the order today.",
                    "Please try restarting the app.",
                    "We've sent a replacement.",
                    "You can change it under Settings.")) {
                assertThat(rules("Kiitos ja pahoittelut! " + remedy, true, "Tuote tuli rikki."))
                        .as(remedy)
                        .doesNotContain("no_solution");
            }
        }

        @Test
        void refusedRemedyIsNone() {
            assertThat(rules("Kiitos. Valitettavasti emme voi hyvittää tilausta.", true, "Tuote tuli rikki."))
                    .contains("no_solution");
            assertThat(rules("Thanks. We can't refund this order.", true, "It arrived broken."))
                    .contains("no_solution");
        }

        @Test
        void answeringPraiseNeedsNoRemedy() {
            assertThat(rules("Kiitos Jussi, mukava kuulla!", true, "Kiitos nopeasta toimituksesta!"))
                    .isEmpty();
            assertThat(rules("Kiitos Jussi, mukava kuulla!")).isEmpty();
        }
    }

    @Nested
    class Blame {
        @Test
        void blamingInFinnishAndEnglish() {
            assertThat(rules("Kiitos. Et ole lukenut ohjeita, siellä se lukee."))
                    .contains("blames_customer");
            assertThat(rules("Kiitos. Sinä olet väärässä.")).contains("blames_customer");
            assertThat(rules("Kiitos. Olisit lukenut ehdot ennen tilaamista.")).contains("blames_customer");
            assertThat(rules("Kiitos. Se on oma vikasi.")).contains("blames_customer");
            assertThat(rules("Thanks. You should have read the terms.")).contains("blames_customer");
            assertThat(rules("Thanks. As clearly stated on the page, it's members only."))
                    .contains("blames_customer");
        }

        @Test
        void blameInAPublicReplyBlocksInAPrivateOneWarns() {
            Finding pub = first("Kiitos. Olet käyttänyt laitetta väärin.", "blames_customer");
            assertThat(pub.severity()).isEqualTo(Severity.BLOCKING);
            assertThat("Kiitos. Olet käyttänyt laitetta väärin.".substring(pub.start(), pub.end()))
                    .startsWith("Olet")
                    .endsWith("väärin");
            assertThat(COACH.check("Kiitos. Olet käyttänyt laitetta väärin.", false, null).stream()
                            .filter(f -> f.rule() == CoachRule.BLAMES_CUSTOMER)
                            .findFirst()
                            .orElseThrow()
                            .severity())
                    .isEqualTo(Severity.WARNING);
        }

        @Test
        void takingTheBlameOffTheCustomerIsNotBlame() {
            assertThat(rules("Kiitos. Tämä ei ole sinun vikasi, korjaamme lomakkeen."))
                    .doesNotContain("blames_customer");
            assertThat(rules("Thanks. This is not your fault at all, we'll fix it."))
                    .doesNotContain("blames_customer");
            assertThat(rules("Sorry! The instructions were wrong; we've fixed them."))
                    .doesNotContain("blames_customer");
        }
    }

    @Nested
    class Sarcasm {
        @Test
        void ironyMarkersAndEyeRolls() {
            assertThat(rules("Ihan varmasti paketti on hukassa. Tarkistamme.")).contains("sarcasm");
            assertThat(rules("Onneksi olkoon, olet ensimmäinen joka valittaa.")).contains("sarcasm");
            assertThat(rules("Oh great, another complaint. We'll look.")).contains("sarcasm");
            assertThat(rules("Thanks, we'll check 🙄")).contains("sarcasm");
        }

        @Test
        void scareQuotesButNotButtonLabels() {
            Finding f = first("Kiitos. Teidän \"kiireellinen\" asia on jonossa.", "sarcasm");
            assertThat("Kiitos. Teidän \"kiireellinen\" asia on jonossa.".substring(f.start(), f.end()))
                    .isEqualTo("\"kiireellinen\"");
            assertThat(rules("Kiitos! Paina painiketta \"Peru tilaus\", niin tilaus perutaan heti."))
                    .doesNotContain("sarcasm");
            assertThat(rules("Thanks! Click \"Cancel order\" in your account.")).doesNotContain("sarcasm");
        }

        @Test
        void sincereCongratulationsAndWowAreFine() {
            assertThat(rules("Onneksi olkoon voitosta! Lähetämme palkinnon yksityisviestillä."))
                    .doesNotContain("sarcasm");
            assertThat(rules("Wow, thank you for the kind words! We'll pass them on."))
                    .doesNotContain("sarcasm");
        }

        @Test
        void laughingAtAComplaintIsSarcasmLaughingWithAFanIsNot() {
            assertThat(rules("Kiitos, selvitämme 😂", true, "Paketti on myöhässä."))
                    .contains("sarcasm");
            assertThat(rules("Kiitos, mukava kuulla 😂", true, "Ihana palvelu!"))
                    .doesNotContain("sarcasm");
        }
    }

    @Nested
    class Arguing {
        @Test
        void denyingTheCustomersExperience() {
            assertThat(rules("Kiitos. Näin ei ole voinut tapahtua.")).contains("arguing");
            assertThat(rules("Kiitos. Meillä ei ole koskaan ollut tällaisia ongelmia."))
                    .contains("arguing");
            assertThat(rules("Thanks. That is not true.")).contains("arguing");
            assertThat(rules("Thanks. We never lose parcels.")).contains("arguing");
            assertThat(rules("Kiitos. Väitteesi ei pidä paikkaansa.")).contains("arguing");
        }

        @Test
        void nearMissesAreNotArguing() {
            assertThat(rules("Kiitos! Emme ole koskaan halunneet, että kukaan jää ilman apua. Soitamme tänään."))
                    .doesNotContain("arguing");
            assertThat(rules("Thanks! We never want anyone to wait this long; we'll call you today."))
                    .doesNotContain("arguing");
        }
    }

    @Nested
    class PersonalData {
        @Test
        void phonesEmailsAddressesAndOrderNumbersInPublicBlock() {
            for (String data : List.of(
                    "040 123 4567",
                    "+358 50 123 4567",
                    "050-1234567",
                    "matti.meikalainen@gmail.com",
                    "Mannerheimintie 12 A 3",
                    "00100 Helsinki",
                    "tilausnumero 123456",
                    "order #A-12345",
                    "22 Baker Street")) {
                Finding f = first("Kiitos! Tiedot: " + data + ". Lähetämme uuden.", "personal_data_public");
                assertThat(f.severity()).as(data).isEqualTo(Severity.BLOCKING);
                assertThat(("Kiitos! Tiedot: " + data).substring(f.start(), f.end()))
                        .as(data)
                        .contains(data.substring(data.length() - 3));
            }
        }

        @Test
        void privateRepliesAndCompanyContactsAreFine() {
            assertThat(rules("Kiitos! Soitamme numeroon 040 123 4567.", false, null))
                    .doesNotContain("personal_data_public");
            assertThat(rules("Kiitos! Asiakaspalvelu palvelee numerossa 0800 123 456 ja osoitteessa"
                            + " asiakaspalvelu@mokakauppa.fi."))
                    .doesNotContain("personal_data_public");
            assertThat(rules("Kiitos! Myymälämme osoite on Aleksanterinkatu 15."))
                    .doesNotContain("personal_data_public");
            assertThat(rules("Kiitos! Tilauksesi lähtee huomenna.")).doesNotContain("personal_data_public");
        }

        @Test
        void askingToPostDataPubliclyBlocksAskingPrivatelyIsFine() {
            assertThat(rules("Kerro tilausnumerosi tässä, niin katsotaan.")).contains("asks_personal_data_public");
            assertThat(rules("Laita puhelinnumerosi kommenttiin, niin soitamme."))
                    .contains("asks_personal_data_public");
            assertThat(rules("Please post your order number below.")).contains("asks_personal_data_public");
            assertThat(rules("Lähetä tilausnumerosi yksityisviestillä, niin katsotaan."))
                    .doesNotContain("asks_personal_data_public");
            assertThat(rules("Kerro tilausnumerosi yksityisviestillä.")).doesNotContain("asks_personal_data_public");
            assertThat(rules("Please DM us your order number.")).doesNotContain("asks_personal_data_public");
            assertThat(rules("Älä laita puhelinnumeroa tähän, vaan lähetä se yksityisviestillä."))
                    .doesNotContain("asks_personal_data_public");
            assertThat(rules("Kerro tilausnumerosi tässä.", false, null)).doesNotContain("asks_personal_data_public");
        }
    }

    @Nested
    class Shouting {
        @Test
        void capitalsAndExclamationStorms() {
            assertThat(rules("Kiitos! EMME hyväksy tätä. Korjaamme.")).contains("shouting");
            assertThat(rules("Kiitos palautteesta!!! Korjaamme.")).contains("shouting");
            assertThat(rules("Kiitos! Hienoa! Mahtavaa! Tervetuloa!")).contains("shouting");
        }

        @Test
        void acronymsCodesAndOneCheerfulExclamationAreFine() {
            assertThat(rules("Kiitos! HSL, VR ja EU-maat ovat mukana, GDPR-pyyntö osoitteessa mokadesk.fi/gdpr."))
                    .doesNotContain("shouting");
            assertThat(rules("Kiitos! Alennuskoodi SYKSY25 toimii huomenna.")).doesNotContain("shouting");
        }

        @Test
        void quotingTheCustomerIsNotShouting() {
            assertThat(rules("Kiitos. Kirjoitit \"TÄMÄ ON IHAN KAMALAA PALVELUA\" ja olet oikeassa. Hyvitämme."))
                    .doesNotContain("shouting");
        }
    }

    @Nested
    class Settings {
        @Test
        void rulesCanBeTurnedOffAndPhrasesAdded() {
            ReplyCoach coach = new ReplyCoach(new CoachSettings(
                    Set.of(CoachRule.NO_ACKNOWLEDGEMENT),
                    Map.of(CoachRule.SARCASM, List.of("no niin"), CoachRule.BLAMES_CUSTOMER, List.of("Lue ehdot"))));
            List<Finding> f = coach.check("No niin. Lue ehdotkin. Lähetämme uuden.", true, null);
            assertThat(f)
                    .extracting(x -> x.rule().id())
                    .contains("sarcasm", "blames_customer")
                    .doesNotContain("no_acknowledgement");
            assertThat(f.stream()
                            .filter(x -> x.rule() == CoachRule.SARCASM)
                            .findFirst()
                            .orElseThrow()
                            .message())
                    .contains("No niin");
        }

        @Test
        void phrasesCannotBeFiledUnderAnAbsenceRule() {
            assertThatThrownBy(() -> new CoachSettings(Set.of(), Map.of(CoachRule.NO_APOLOGY, List.of("x"))))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void messagesFollowTheReplysLanguage() {
        assertThat(first("Paketti lähtee huomenna.", "no_acknowledgement").message())
                .contains("Kiitä");
        assertThat(first("The parcel leaves tomorrow.", "no_acknowledgement").message())
                .contains("Thank");
    }

    @Test
    void aPastedWallOfTextGetsAReadableNumberOfFindings() {
        List<Finding> f = COACH.check("HUUTOA JA ".repeat(5000) + "x".repeat(20000) + "@ matti.m@posti.fi", true, null);
        assertThat(f.stream().filter(x -> x.rule() == CoachRule.SHOUTING)).hasSizeLessThanOrEqualTo(50);
        assertThat(f).extracting(x -> x.rule().id()).contains("personal_data_public");
    }

    @Test
    void emptyDraftIsCheckedWithoutFailing() {
        assertThat(rules("")).contains("no_acknowledgement", "no_solution");
        assertThat(COACH.check(null, true, null)).isNotEmpty();
    }
}
