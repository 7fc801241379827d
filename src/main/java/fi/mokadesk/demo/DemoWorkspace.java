package fi.mokadesk.demo;

import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.conversation.Ingested;
import fi.mokadesk.storm.ExampleStorm;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.DeskInitialized;
import fi.mokadesk.workspace.Workspaces;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Fills a demo workspace on the very first start, unless {@code MOKADESK_DEMO=false}. */
@Component
class DemoWorkspace {

    private static final Logger log = LoggerFactory.getLogger(DemoWorkspace.class);

    private final Workspaces workspaces;
    private final Conversations conversations;
    private final ExampleStorm storm;
    private final boolean enabled;

    DemoWorkspace(
            Workspaces workspaces,
            Conversations conversations,
            ExampleStorm storm,
            @Value("${mokadesk.demo:true}") boolean enabled) {
        this.workspaces = workspaces;
        this.conversations = conversations;
        this.storm = storm;
        this.enabled = enabled;
    }

    record Line(
            String channel,
            String thread,
            String name,
            String handle,
            String email,
            boolean isPublic,
            int minutesAgo,
            String text) {}

    static final List<Line> LINES = List.of(
            new Line(
                    "facebook",
                    "fb-post-1",
                    "Jari Mäkinen",
                    "jari.makinen",
                    null,
                    true,
                    95,
                    "Tilasin netistä synttärikakun lauantaiksi ja kakkua ei ollut valmiina kun tulin hakemaan. Lapsen juhlat pilalla, todella huonoa palvelua!!! 😡"),
            new Line(
                    "facebook",
                    "fb-post-1",
                    "Sanna Koskinen",
                    "sanna.k",
                    null,
                    true,
                    80,
                    "Sama juttu meillä viime kuussa. Eikö teillä kukaan lue niitä tilauksia?"),
            new Line(
                    "email",
                    "email-laskutus-4411",
                    "Pekka Virtanen",
                    null,
                    "pekka.virtanen@example.fi",
                    false,
                    300,
                    "Hei,\nkorttiltani veloitettiin kahvilakortin vuosimaksu kahteen kertaan (2 x 49 €) 14.11. Pyydän palauttamaan toisen veloituksen heti. Jos asia ei hoidu tällä viikolla, vien asian kuluttajaneuvontaan.\n\nTerveisin Pekka Virtanen"),
            new Line(
                    "instagram",
                    "ig-comment-77",
                    "mirja_leipoo",
                    "mirja_leipoo",
                    null,
                    true,
                    45,
                    "Kiitos ihanasta palvelusta Kalliossa eilen! Korvapuusti oli lämmin ja henkilökunta tosi ystävällistä ❤️☕"),
            new Line(
                    "x",
                    "x-mention-3",
                    "Teemu",
                    "@teemu_tre",
                    null,
                    true,
                    30,
                    "@KahvilaKuppi teidän sovellus kaatuu joka kerta kun yritän maksaa. Onko vika tiedossa? #kuppi"),
            new Line(
                    "form",
                    "form-2231",
                    "Liisa Heikkinen",
                    null,
                    "liisa.heikkinen@example.fi",
                    false,
                    600,
                    "Onko teillä gluteenittomia vaihtoehtoja Tampereen kahvilassa viikonloppuisin? Kiitos jo etukäteen!"),
            new Line(
                    "facebook",
                    "fb-post-2",
                    "Anonyymi Keskustelija",
                    "troll.account.92",
                    null,
                    true,
                    20,
                    "Ulkomaalaiset pois teidän tiskin takaa, ette osaa edes suomea. Tulen käymään ja näytän miten teidän kaltaisia kohdellaan."),
            new Line(
                    "email",
                    "email-toimitus-98",
                    "Marko Lehtonen",
                    null,
                    "marko.lehtonen@example.fi",
                    false,
                    1440,
                    "Hei! Tilasimme toimistolle kahvikestityksen tiistaiksi klo 9, mutta kuljetus tuli vasta 10.40. Asiakkaat ehtivät lähteä. Mitä aiotte tehdä asialle? Odotan vastausta tänään."),
            new Line(
                    "api",
                    "chat-5521",
                    "Henna",
                    "henna.chat",
                    null,
                    false,
                    12,
                    "Moi, unohdin salasanan kanta-asiakassovellukseen enkä saa palautusviestiä sähköpostiin. Voitteko auttaa?"),
            new Line(
                    "feed",
                    "suomi24-thread-1",
                    "kahvikriitikko",
                    "kahvikriitikko",
                    null,
                    true,
                    200,
                    "Kahvila Kupin uusi vaalea paahto maistuu ihan vetiseltä, ennen oli parempaa. Onko resepti vaihtunut?"));

    @EventListener
    void on(DeskInitialized initialized) {
        if (!enabled) return;
        UUID workspace = workspaces.createWorkspaceWithAdmin("Demo: Kahvila Kuppi", initialized.adminUserId());
        Instant now = Instant.now();
        Access.runAs(Access.system(workspace, "demo"), () -> {
            workspaces.markDemo(); // a newcomer lands here and sees the desk working
            int i = 0;
            for (Line line : LINES) {
                Ingested stored = conversations.ingest(new InboundMessage(
                        line.channel(),
                        "demo-" + (++i),
                        line.thread(),
                        line.name(),
                        line.handle(),
                        line.email(),
                        null,
                        line.text(),
                        line.isPublic(),
                        now.minus(Duration.ofMinutes(line.minutesAgo()))));
                if (i == 4) {
                    conversations.write(
                            stored.conversationId(),
                            "Kiitos Mirja lämpimistä sanoista! Välitämme kiitoksen Kallion tiimille ☕",
                            false);
                }
            }
            storm.seed(now); // what a storm alarm looks like, on the storms page
        });
        log.info("Created the demo workspace with {} messages", LINES.size());
    }
}
