/**
 * The shared kernel: the few types every module speaks — the errors a request can end in ({@code InvalidInput},
 * {@code NotFound}, {@code AccessDeniedProblem}) and their JSON body ({@code ApiErrors}), the rule for text
 * that reaches the database ({@code StorableText}), the desk's public address for links that leave it
 * ({@code PublicUrl}), time-ordered ids for new rows ({@code RowIds}), and the {@code Audited} event.
 * {@code Audited} lives here rather than in {@code audit} because the audit module itself needs {@code
 * workspace} (who acted), and {@code workspace} publishes audited changes: putting the event in either would
 * make a cycle.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Shared kernel",
        type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package fi.mokadesk.kernel;
