/**
 * Facebook Page and Instagram channels and the one webhook address Meta posts to ({@code /webhooks/meta}) for
 * Facebook, Instagram and WhatsApp: signed bodies are verified and stored before the 200, processed in the
 * background ({@link fi.mokadesk.channel.meta.MetaIntake}), and each platform's events become customer messages;
 * replies, private replies and hiding leave through the outbox by the Graph API.
 */
package fi.mokadesk.channel.meta;
