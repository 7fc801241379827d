/**
 * The notification centre: notices for people (SLA warnings and breaches today), kept per person with a
 * read mark, shown behind the bell in the navigation and pushed live to open pages. Email and chat copies go
 * through {@link fi.mokadesk.notification.ExternalNotices} when a sender is installed.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notifications")
package fi.mokadesk.notification;
