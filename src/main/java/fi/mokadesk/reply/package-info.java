/**
 * Reply coach: checks a reply draft, in Finnish or English, against the team's crisis-communication
 * guides (thank and acknowledge, apologise when we are at fault, offer a remedy, never blame, mock, argue
 * or shout, and keep personal data out of public threads) and explains every finding with the guide's
 * rule.
 *
 * <p>Public API: the {@link fi.mokadesk.reply.ReplyCoach} facade, its {@link fi.mokadesk.reply.Finding}
 * records with {@link fi.mokadesk.reply.CoachRule} and {@link fi.mokadesk.reply.Severity}, per-workspace
 * {@link fi.mokadesk.reply.CoachSettings}, and the {@code coach} command-line entry point
 * {@link fi.mokadesk.reply.CoachCommand}. Pure computation: no tables, no events. See
 * {@code docs/reply-coach.md}.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Reply coach",
        allowedDependencies = {"jsonl", "kernel"})
package fi.mokadesk.reply;
