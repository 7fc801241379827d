/**
 * The web contact form: a hosted page and a public endpoint ({@code /f/{formKey}}) whose submissions become
 * conversations on the {@code form} channel, spam traps and limits in front of it, and a health monitor that
 * sends a canary through the real endpoint every few minutes and reports outages and unusual silence.
 */
package fi.mokadesk.channel.form;
