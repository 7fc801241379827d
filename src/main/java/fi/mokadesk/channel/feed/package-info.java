/**
 * Feeds as a channel: any RSS 2.0, RSS 1.0 (RDF) or Atom address, Google Alerts included, polled politely
 * (conditional GET, an interval with jitter, backoff on errors, size and time limits, the address policy at
 * every hop). Entries that match a keyword rule become public mention conversations; the others are left
 * where they are. See {@code docs/channels.md#feeds} and {@code docs/listening.md}.
 */
package fi.mokadesk.channel.feed;
