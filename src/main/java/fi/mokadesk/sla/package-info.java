/**
 * SLA timers: policies with first-response, next-response and resolution targets per channel and priority,
 * business-hours calendars with Finnish public holidays, the timers themselves (kept from the conversation
 * events, never from the conversation tables), warnings and escalation on a cluster-safe sweep, and the SLA
 * report. Tells the conversation module where each conversation stands through
 * {@link fi.mokadesk.conversation.ServiceLevels}; publishes {@link fi.mokadesk.sla.SlaBreached}. See
 * {@code docs/sla.md}.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "SLA",
        allowedDependencies = {"channel", "conversation", "database", "kernel", "notification", "workspace"})
package fi.mokadesk.sla;
