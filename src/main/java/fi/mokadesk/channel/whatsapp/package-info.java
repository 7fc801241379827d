/**
 * The WhatsApp Business channel (Cloud API): messages and delivery statuses arrive by the shared Meta
 * webhook ({@code channel.meta}), media is downloaded through the Graph API with its hash checked and a size
 * limit, and replies leave inside the 24-hour customer-service window.
 */
package fi.mokadesk.channel.whatsapp;
