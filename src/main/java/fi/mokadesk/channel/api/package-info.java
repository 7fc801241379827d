/** The generic API channel: messages in over the JSON API, replies out to a signed webhook. */
package fi.mokadesk.channel.api;
