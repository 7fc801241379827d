/**
 * Replies: the reply coach and the reply workflow around it.
 *
 * <p>The coach checks a reply draft, in Finnish or English, against the team's crisis-communication guides
 * (thank and acknowledge, apologise when we are at fault, offer a remedy, never blame, mock, argue or shout,
 * and keep personal data out of public threads) and explains every finding with the guide's rule.
 *
 * <p>The workflow keeps replies as drafts the team sees, runs the coach on every save, decides by the
 * workspace's review rules when a lead must approve before sending ({@code draft → in_review → approved →
 * sending → sent | failed}, see {@code DraftState}), refuses to send what breaks a blocking rule or what the
 * conversation has overtaken, and sends through the conversation module's reply command. Templates with
 * variables and an optional AI suggestion start drafts; neither sends anything.
 *
 * <p>Public API: the {@link fi.mokadesk.reply.ReplyCoach} facade, its {@link fi.mokadesk.reply.Finding}
 * records with {@link fi.mokadesk.reply.CoachRule} and {@link fi.mokadesk.reply.Severity}, per-workspace
 * {@link fi.mokadesk.reply.CoachSettings}, the {@code coach} command-line entry point
 * {@link fi.mokadesk.reply.CoachCommand}, and {@link fi.mokadesk.reply.ReviewSignals}, which incident and
 * remedy modules implement to feed their review rules. See {@code docs/reply-coach.md} and
 * {@code docs/reply-workflow.md}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Replies")
package fi.mokadesk.reply;
