package fi.mokadesk.reply;

import java.util.List;

/**
 * The templates every workspace starts with, written from the team's crisis-communication guides: thank
 * first, apologise when we are at fault, never blame, offer a remedy that costs us something, move personal
 * matters to private messages, and surprise with something extra.
 */
final class StarterTemplates {

    record Starter(String key, String language, String name, String body) {}

    static final List<Starter> ALL = List.of(
            new Starter(
                    "holding",
                    "fi",
                    "Pitoviesti",
                    "Hei {{customer_first_name}}, kiitos viestistäsi! Otimme asian heti selvitettäväksi ja palaamme"
                            + " sinulle tänään. Ystävällisin terveisin, {{agent_name}}"),
            new Starter(
                    "holding",
                    "en",
                    "Holding reply",
                    "Hi {{customer_first_name}}, thank you for your message! We are looking into it right away and"
                            + " will get back to you today. Kind regards, {{agent_name}}"),
            new Starter(
                    "apology",
                    "fi",
                    "Pahoittelu ja ratkaisu",
                    "Hei {{customer_first_name}}, kiitos palautteestasi ja pahoittelemme tapahtunutta. Tämä on"
                            + " meidän virheemme. Korjaamme asian näin: lähetämme tilauksen {{order_number}} uudelleen"
                            + " veloituksetta vielä tänään. Kerro, sopiiko tämä sinulle. Terveisin {{agent_name}}"),
            new Starter(
                    "apology",
                    "en",
                    "Apology and solution",
                    "Hi {{customer_first_name}}, thank you for telling us, and we are sorry. This was our mistake."
                            + " Here is how we will fix it: we will resend order {{order_number}} free of charge"
                            + " today. Let us know if that works for you. Best regards, {{agent_name}}"),
            new Starter(
                    "private",
                    "fi",
                    "Siirrä yksityisviestiin",
                    "Hei {{customer_first_name}}, kiitos kun kerroit tästä, ja pahoittelut harmista. Haluamme"
                            + " selvittää asian kunnolla: lähetäthän meille yksityisviestinä nimesi ja tilausnumerosi,"
                            + " niin jatketaan siellä. Terveisin {{agent_name}}"),
            new Starter(
                    "private",
                    "en",
                    "Move to private",
                    "Hi {{customer_first_name}}, thank you for letting us know, and sorry for the trouble. We want"
                            + " to sort this out properly: please send us your name and order number in a private"
                            + " message and we will continue there. Best regards, {{agent_name}}"),
            new Starter(
                    "fixed",
                    "fi",
                    "Ongelma korjattu",
                    "Hei {{customer_first_name}}, kiitos kärsivällisyydestäsi! Vika on nyt korjattu ja kaiken pitäisi"
                            + " toimia taas normaalisti. Jos huomaat vielä jotain outoa, vastaa tähän viestiin niin"
                            + " autamme heti. Lisätietoa: {{link}} Terveisin {{agent_name}}"),
            new Starter(
                    "fixed",
                    "en",
                    "Problem fixed",
                    "Hi {{customer_first_name}}, thank you for your patience! The problem is now fixed and"
                            + " everything should work normally again. If you still notice anything odd, just reply"
                            + " here and we will help right away. More: {{link}} Best regards, {{agent_name}}"),
            new Starter(
                    "compensation",
                    "fi",
                    "Hyvitystarjous",
                    "Hei {{customer_first_name}}, kiitos palautteesta ja pahoittelemme, ettei palvelumme ollut sitä,"
                            + " mitä lupasimme. Hyvitämme tilauksen {{order_number}} kokonaan, eikä sinun tarvitse"
                            + " tehdä mitään. Saat päättää, miten haluat edetä. Terveisin {{agent_name}}"),
            new Starter(
                    "compensation",
                    "en",
                    "Compensation offer",
                    "Hi {{customer_first_name}}, thank you for the feedback and we are sorry our service fell short"
                            + " of what we promised. We will refund order {{order_number}} in full, with nothing"
                            + " needed from you. It is your call how you would like to continue. Best regards,"
                            + " {{agent_name}}"),
            new Starter(
                    "surprise",
                    "fi",
                    "Yllätyshyvitys",
                    "Hei {{customer_first_name}}, kiitos vielä, että kerroit meille suoraan. Korjauksen lisäksi"
                            + " haluamme yllättää: seuraavasta tilauksestasi hyvitämme 20 %, kunhan mainitset"
                            + " viestin yhteydessä tilauksen {{order_number}}. Mukavaa päivää! {{agent_name}}"),
            new Starter(
                    "surprise",
                    "en",
                    "Surprise credit",
                    "Hi {{customer_first_name}}, thank you again for telling us straight. On top of the fix we would"
                            + " like to surprise you: you get 20% off your next order, just mention order"
                            + " {{order_number}}. Have a lovely day! {{agent_name}}"));

    private StarterTemplates() {}
}
